/**
 * Just enough of WebRTC for JsSIP to send an INVITE and take a final response in Node: a
 * peer connection that offers a fixed SDP with gathering complete. No media ever flows; real
 * audio is covered by the end-to-end tests in Chromium.
 */
import { vi } from 'vitest';

const OFFER = [
  'v=0',
  'o=- 1 1 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'c=IN IP4 127.0.0.1',
  'a=rtpmap:111 opus/48000/2',
  'a=sendrecv',
  '',
].join('\r\n');

class FakePeerConnection {
  iceGatheringState = 'complete';
  iceConnectionState = 'new';
  signalingState = 'stable';
  localDescription: { type: string; sdp: string } | null = null;
  addEventListener() {}
  removeEventListener() {}
  addTrack() {}
  getSenders() {
    return [];
  }
  getReceivers() {
    return [];
  }
  createOffer() {
    return Promise.resolve({ type: 'offer', sdp: OFFER });
  }
  createAnswer() {
    return Promise.resolve({ type: 'answer', sdp: OFFER });
  }
  setLocalDescription(description: { type: string; sdp: string }) {
    this.localDescription = description;
    return Promise.resolve();
  }
  setRemoteDescription() {
    return Promise.resolve();
  }
  close() {}
}

/** Installs the stand-ins as globals; undo with vi.unstubAllGlobals(). */
export function stubWebRtc(): void {
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  vi.stubGlobal(
    'RTCSessionDescription',
    class {
      constructor(init: object) {
        Object.assign(this, init);
      }
    },
  );
  vi.stubGlobal('window', globalThis);
  vi.stubGlobal('navigator', {
    mediaDevices: { getUserMedia: () => Promise.resolve({ getTracks: () => [] }) },
  });
}
