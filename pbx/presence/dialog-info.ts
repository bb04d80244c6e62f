/**
 * The `application/dialog-info+xml` document of the `dialog` event package (RFC 4235 §4): what a
 * busy-lamp-field key reads. Always full state (`state="full"`): no dialog element means idle.
 */

export const DIALOG_INFO_TYPE = 'application/dialog-info+xml';

/** RFC 4235 §3.7.1: the states of a dialog as the package reports them. */
export type DialogInfoState = 'trying' | 'proceeding' | 'early' | 'confirmed' | 'terminated';

/** RFC 4235 §4.1.2: why a dialog is `terminated`. */
export type DialogInfoEvent = 'cancelled' | 'rejected' | 'replaced' | 'local-bye' | 'remote-bye';

/** One dialog of the watched number, as seen from the watched number's side. */
export interface DialogView {
  /** Unique in the document and stable across NOTIFYs (the Call-ID serves). */
  id: string;
  /** Absent for the dialog that stands for do-not-disturb (no call behind it). */
  callId?: string;
  /** `initiator`: the watched number placed the call; `recipient`: it was called. */
  direction?: 'initiator' | 'recipient';
  state: DialogInfoState;
  event?: DialogInfoEvent;
  /** Seconds since the dialog was created. */
  duration?: number;
  /** The other party: a SIP URI and, for a colleague, a name. */
  remote?: { uri: string; name?: string };
  /** The watched number's own URI. */
  local?: { uri: string };
  /** RFC 4235 §4.1.6.2 `+sip.rendering="no"`: that side has put the call on hold. */
  localHeld?: boolean;
  remoteHeld?: boolean;
}

export interface DialogInfo {
  /** The watched resource's URI (`sip:0123456@pbx.example`). */
  entity: string;
  /** Counts from 0 per subscription, one more with every document sent (RFC 4235 §4.1.1). */
  version: number;
  dialogs: readonly DialogView[];
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text for an XML attribute or element: markup characters escaped, control characters dropped. */
export function xmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- XML 1.0 has no place for them
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/[&<>"']/g, (c) => ESCAPES[c]!)
  );
}

function participant(
  tag: 'local' | 'remote',
  side: { uri: string; name?: string } | undefined,
  held: boolean | undefined,
): string[] {
  if (!side && !held) return [];
  const uri = side?.uri ?? '';
  const name = side?.name ? ` display="${xmlText(side.name)}"` : '';
  const identity = side ? [`      <identity${name}>${xmlText(uri)}</identity>`] : [];
  const target = held
    ? [
        `      <target uri="${xmlText(uri)}">`,
        '        <param pname="+sip.rendering" pvalue="no"/>',
        '      </target>',
      ]
    : [];
  return [`    <${tag}>`, ...identity, ...target, `    </${tag}>`];
}

function dialogElement(dialog: DialogView): string[] {
  const event = dialog.event ? ` event="${dialog.event}"` : '';
  const callId = dialog.callId === undefined ? '' : ` call-id="${xmlText(dialog.callId)}"`;
  const direction = dialog.direction ? ` direction="${dialog.direction}"` : '';
  return [
    `  <dialog id="${xmlText(dialog.id)}"${callId}${direction}>`,
    `    <state${event}>${dialog.state}</state>`,
    ...(dialog.duration === undefined ? [] : [`    <duration>${dialog.duration}</duration>`]),
    ...participant('local', dialog.local, dialog.localHeld),
    ...participant('remote', dialog.remote, dialog.remoteHeld),
    '  </dialog>',
  ];
}

/** The full-state document; an idle number's has no `<dialog>` element. */
export function dialogInfoXml(info: DialogInfo): string {
  const open = `<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="${info.version}" state="full" entity="${xmlText(info.entity)}"`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  if (info.dialogs.length === 0) lines.push(`${open}/>`);
  else lines.push(`${open}>`, ...info.dialogs.flatMap(dialogElement), '</dialog-info>');
  return `${lines.join('\r\n')}\r\n`;
}
