/**
 * Load mermaid for parsing in plain Node (no browser): kept apart from
 * mermaid-parse.ts so that `npm run build` can replace its compiled form
 * with an esbuild bundle (scripts/build-vendor.mjs). mermaid's ESM build is
 * about 1,250 modules (640 of them lodash-es); Node loads them one by one,
 * which made the first diagram of a run cost about 1.2 s. The bundle, split
 * so each diagram type still loads only when used, takes about 0.2 s.
 *
 * We parse and never render, so the one browser piece mermaid touches on
 * import, DOMPurify's hooks, is stubbed before mermaid loads (on Node,
 * DOMPurify has no window and its hook functions are missing).
 */
export type Mermaid = {parse(text: string): Promise<unknown>};

/** How speclint initializes mermaid (scripts/mermaid-grammars.mjs reads the configuration it gives). */
export const mermaidInitializeOptions = {startOnLoad: false, logLevel: 'fatal'} as const;

export async function loadMermaid(): Promise<Mermaid> {
  const purify = (await import('dompurify')).default as unknown as Record<string, unknown>;
  for (const hook of ['addHook', 'removeHook', 'removeHooks', 'removeAllHooks']) {
    if (typeof purify[hook] !== 'function') purify[hook] = () => undefined;
  }
  if (typeof purify['sanitize'] !== 'function') purify['sanitize'] = (text: string) => text;
  const mermaid = (await import('mermaid')).default as Mermaid & {initialize(config: Record<string, unknown>): void};
  mermaid.initialize({...mermaidInitializeOptions});
  return mermaid;
}
