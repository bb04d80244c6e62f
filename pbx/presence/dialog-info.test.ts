import { describe, expect, it } from 'vitest';
import { doNotDisturbView } from './call-view';
import { dialogInfoXml, xmlText, type DialogView } from './dialog-info';

const entity = 'sip:0123456@pbx.test';

const ringing: DialogView = {
  id: 'call-1',
  callId: 'call-1',
  direction: 'recipient',
  state: 'early',
  duration: 3,
  local: { uri: entity },
  remote: { uri: 'sip:0765432@pbx.test', name: 'Boris Petrov' },
};

describe('dialog-info+xml (RFC 4235 §4)', () => {
  it('an idle number: full state with no dialog element', () => {
    expect(dialogInfoXml({ entity, version: 0, dialogs: [] })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\r\n' +
        '<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="0" state="full" entity="sip:0123456@pbx.test"/>\r\n',
    );
  });

  it('a ringing call: one dialog, its state, direction, duration and the caller by name', () => {
    const xml = dialogInfoXml({ entity, version: 4, dialogs: [ringing] });
    expect(xml).toContain('version="4" state="full"');
    expect(xml).toContain('<dialog id="call-1" call-id="call-1" direction="recipient">');
    expect(xml).toContain('<state>early</state>');
    expect(xml).toContain('<duration>3</duration>');
    expect(xml).toContain('<identity>sip:0123456@pbx.test</identity>');
    expect(xml).toContain('<identity display="Boris Petrov">sip:0765432@pbx.test</identity>');
    expect(xml).not.toContain('+sip.rendering');
    expect(xml.trimEnd().endsWith('</dialog-info>')).toBe(true);
  });

  it('a terminated dialog says why when it is known', () => {
    const xml = dialogInfoXml({
      entity,
      version: 1,
      dialogs: [{ ...ringing, state: 'terminated', event: 'cancelled' }],
    });
    expect(xml).toContain('<state event="cancelled">terminated</state>');
  });

  it('hold: the holding side’s target says +sip.rendering="no" (RFC 4235 §4.1.6.2)', () => {
    const xml = dialogInfoXml({
      entity,
      version: 2,
      dialogs: [{ ...ringing, state: 'confirmed', localHeld: true }],
    });
    const local = xml.slice(xml.indexOf('<local>'), xml.indexOf('</local>'));
    expect(local).toContain('<target uri="sip:0123456@pbx.test">');
    expect(local).toContain('<param pname="+sip.rendering" pvalue="no"/>');
    const remote = xml.slice(xml.indexOf('<remote>'), xml.indexOf('</remote>'));
    expect(remote).not.toContain('rendering');
  });

  it('names and ids are escaped, control characters dropped', () => {
    expect(xmlText(`<a href="x">&'\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    const xml = dialogInfoXml({
      entity,
      version: 0,
      dialogs: [{ ...ringing, id: 'a"b', remote: { uri: 'sip:x@y', name: 'Tom & <Jerry>' } }],
    });
    expect(xml).toContain('id="a&quot;b"');
    expect(xml).toContain('display="Tom &amp; &lt;Jerry&gt;"');
  });

  it('do-not-disturb: one confirmed dialog with neither Call-ID nor direction (busy lamp, no pickup)', () => {
    const xml = dialogInfoXml({
      entity,
      version: 1,
      dialogs: [doNotDisturbView('0123456', 'pbx.test')],
    });
    expect(xml).toContain('<dialog id="dnd-0123456">');
    expect(xml).toContain('<state>confirmed</state>');
    expect(xml).not.toContain('call-id=');
    expect(xml).not.toContain('direction=');
  });
});
