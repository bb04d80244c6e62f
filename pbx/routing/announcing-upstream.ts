/**
 * The caller's side of a call from an IP phone to a colleague, when refusals are announced
 * (docs: Announcements): a final refusal that has an announcement is held back while the phone
 * gets `183` with rtpengine's SDP and hears it; every other response passes at once.
 */
import { Announcements } from '../media/announcements';
import type { RefusalAnnouncer } from '../media/refusal-announcer';
import { sdpOf } from '../media/sdp-body';
import type { FaultBarrier } from '../sip/fault-barrier';
import type { SipResponse } from '../sip/message';
import { refusal, refusalResponse } from '../sip/sip-error';
import { createResponse } from '../sip/transaction/response';
import type { ServerTransaction } from '../sip/transaction/types';
import type { Upstream } from './proxy-types';

export class AnnouncingUpstream implements Upstream {
  private announcing = false;
  private cancelHandler?: () => void;
  private stopAnnouncement?: () => void;

  constructor(
    private readonly tx: ServerTransaction,
    private readonly announcer: RefusalAnnouncer,
    private readonly call: { companyId: number; calleeNumber: string },
    private readonly barrier?: FaultBarrier,
  ) {
    // The request is kept: once the final response is sent, the tx keeps only a stand-in.
    this.request = tx.request;
    tx.onCancel = () => {
      if (this.announcing) this.stopAnnouncement?.();
      else this.cancelHandler?.();
    };
  }

  readonly request: ServerTransaction['request'];

  get flow() {
    return this.tx.flow;
  }

  get cancelled(): boolean {
    return this.tx.cancelled;
  }

  get onCancel(): (() => void) | undefined {
    return this.cancelHandler;
  }

  set onCancel(handler: (() => void) | undefined) {
    this.cancelHandler = handler;
  }

  respond(response: SipResponse): boolean {
    const token = response.headers.get('x-pbx-reason');
    if (response.status < 300 || this.announcing || !Announcements.covers(token)) {
      return this.announcing ? false : this.tx.respond(response);
    }
    this.announcing = true;
    const { request } = this;
    void this.announcer
      .announce(
        {
          ...this.call,
          callId: request.callId,
          fromTag: request.fromTag ?? '',
          sdp: sdpOf(request) ?? '',
          token,
        },
        {
          progress: (body) => {
            const progress = createResponse(request, 183, 'Session Progress');
            progress.headers.set('content-type', body.type);
            progress.body = body.data;
            this.tx.respond(progress);
          },
          onCancel: (stop) => (this.stopAnnouncement = stop),
        },
      )
      .finally(() => {
        try {
          // Cancelled meanwhile: the caller gave up, and hears 487 as without an announcement.
          const terminated = () => refusalResponse(request, refusal('requestTerminated'));
          this.tx.respond(this.tx.cancelled ? terminated() : response);
        } catch (fault) {
          this.barrier?.caught(fault, { callId: request.callId, in: 'announcement' });
        }
      });
    return true;
  }
}
