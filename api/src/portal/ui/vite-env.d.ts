/** Vite's `?inline` imports: a stylesheet's text, for a Lit component's constructable styles. */
declare module '*?inline' {
  const text: string;
  export default text;
}
