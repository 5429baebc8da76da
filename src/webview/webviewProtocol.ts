// What every webview page and its host code agree on, whatever the page: messages carry a `type`, and a
// page that has loaded says `ready` before the host sends it anything (a webview that is still loading
// drops what it is sent). Each page's own messages are typed in the protocol.ts beside its host code.
// Free of imports: media/tsconfig.json compiles it for the pages too.

export interface PageMessage {
  type: string;
}

/** The handshake: a page that just loaded (or lost track of what it was sent) asks for everything. */
export interface PageReady {
  type: 'ready';
}

/** The id of the JSON block in which the host hands a page its localised strings (it has no vscode.l10n). */
export const STRINGS_ELEMENT_ID = 'nl-strings';
