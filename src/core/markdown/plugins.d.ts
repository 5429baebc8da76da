// markdown-it plugins that ship no types: the parts of them this project uses.
declare module 'markdown-it-task-lists' {
  import type { PluginWithOptions } from 'markdown-it';
  /** `enabled`: checkboxes the reader can tick (off: disabled, read-only). */
  const taskLists: PluginWithOptions<{ enabled?: boolean; label?: boolean; labelAfter?: boolean }>;
  export = taskLists;
}

declare module 'markdown-it-texmath' {
  import type { PluginWithOptions } from 'markdown-it';
  /** `delimiters`: 'dollars', 'brackets' (`\(…\)`, `\[…\]`), 'gitlab', …; `engine`: KaTeX. */
  const texmath: PluginWithOptions<{ delimiters?: string | string[]; engine?: object }>;
  export = texmath;
}
