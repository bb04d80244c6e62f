import type { CallInfo } from '../../sip/types';

/** The other party: name when the PBX gave one, and the number. */
export function Party({ call }: { call: CallInfo }) {
  return (
    <div className="party">
      {call.remoteName && <div className="party-name">{call.remoteName}</div>}
      <div className="party-number">{call.remoteNumber}</div>
    </div>
  );
}
