// Loaded into a server by the `idle` scenario (which also passes --expose-gc): on SIGUSR2 the process runs
// full garbage collections and prints `gc done`, so that its resident memory is read after a GC. Plain
// JavaScript, so that it loads into a bundled server without a TypeScript loader.
process.on('SIGUSR2', () => {
  const gc = globalThis.gc;
  gc?.();
  gc?.();
  process.stdout.write(gc ? 'gc done\n' : 'gc unavailable\n');
});
