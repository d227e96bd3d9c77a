/** What the widget knows about the host page, read fresh each time the panel opens (SPA-safe). */
export interface HostPageContext {
  url: string;
  title: string;
  heading: string;
  context: string;
}

export function readPageContext(extra: string): HostPageContext {
  const h1 = document.querySelector('main h1, [role=main] h1, h1');
  return {
    url: location.href,
    title: document.title || '',
    heading: (h1?.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 200),
    context: extra,
  };
}
