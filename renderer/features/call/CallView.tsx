import type { CallInfo } from '../../sip/types';
import { CallEnded } from './CallEnded';
import { InCall } from './InCall';
import { IncomingCall } from './IncomingCall';
import { OutgoingCall } from './OutgoingCall';

/** The screen for a call in its current state. */
export function CallView({ call }: { call: CallInfo }) {
  switch (call.state) {
    case 'dialing':
    case 'ringback':
      return <OutgoingCall call={call} />;
    case 'ringing':
      return <IncomingCall call={call} />;
    case 'connected':
      return <InCall call={call} />;
    case 'ended':
      return <CallEnded call={call} />;
  }
}
