/** Numbers as the viewer shows them, and the nouns that count them ("1 comment", "2 comments"). */
const compactFormat = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

/** 1234 -> "1.2K". */
export function compact(n: number): string {
  return compactFormat.format(n);
}

/**
 * The form of a noun that agrees with `n`: the singular for 1 and -1 ("1 point", "-1 point"), the
 * plural otherwise ("0 points", "1.2K points"). `pluralForm` is for nouns that do not just take an s.
 */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return Math.abs(n) === 1 ? singular : pluralForm;
}

/** "1 comment", "2 comments", "1.2K points", "1 reply", "3 replies". */
export function count(n: number, singular: string, pluralForm?: string): string {
  return `${compact(n)} ${plural(n, singular, pluralForm)}`;
}
