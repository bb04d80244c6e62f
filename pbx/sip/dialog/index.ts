/** The dialog layer: UAS and UAC that end in dialogs, and the dialogs themselves. */
export { buildCancel } from './cancel';
export { Dialog, type DialogEnd, type DialogEvents } from './dialog';
export { DialogLayer, type DialogLayerDeps } from './dialog-layer';
export { IncomingRequest } from './incoming';
export { bodyOf, type Body, type Credentials, type Extra, type Guard } from './types';
export { Uac, type InviteRoute, type UacOptions } from './uac';
export { Uas, type AcceptOptions } from './uas';
