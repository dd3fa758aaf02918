/** Svelte components, as TypeScript sees them from .ts files. */
declare module '*.svelte' {
  import type { Component } from 'svelte';
  const component: Component<any>;
  export default component;
}
