/** The Admin tab's announcements section (issue 22 item 4). */
export const adminAnnouncementsEn = {
  announcements: {
    title: 'Announcements',
    explain:
      'Callers refused because the employee is away (with the return date), the number is disabled, the employee is busy on all lines or does not answer hear why before the call ends.',
    language: 'Language of announcements',
    russian: 'Russian',
    english: 'English',
    save: 'Save language',
    saved: 'Saved.',
    needBridge:
      'Callers do not hear announcements on this PBX: they need the media bridge (rtpengine, --rtpengine). Calls are refused without them.',
    recordings: 'Recordings',
    recordingsHint:
      'Upload your own recording of a sentence as a WAV file: 16-bit PCM, mono, 8000 Hz, at most {{max}} s.',
    slot: '{{sentence}} ({{language}})',
    sentences: {
      absent: 'Employee away',
      'absent-until': 'Employee away, back on (the date follows)',
      disabled: 'Number disabled',
      busy: 'Busy on all lines',
      'no-answer': 'No answer',
    },
    own: 'Your recording, {{seconds}} s',
    shipped: 'Shipped recording, {{seconds}} s',
    uploadFor: 'Upload a WAV file for “{{slot}}”',
    restore: 'Restore the shipped recording',
    restoreFor: 'Restore the shipped recording of “{{slot}}”',
    uploaded: 'Callers now hear your recording for “{{slot}}”.',
    restored: 'Callers now hear the shipped recording for “{{slot}}”.',
    wav: {
      notWav: 'This is not a WAV file. Save the recording as WAV: 16-bit PCM, mono, 8000 Hz.',
      noFormat: 'The WAV file is damaged: it does not say its format.',
      noAudio: 'The WAV file has no audio.',
      tooLong: 'The recording lasts {{seconds}} s; an announcement may last at most {{max}} s.',
      format: 'The recording is {{parts}}; it must be 16-bit PCM, mono, 8000 Hz.',
      encoding: 'not PCM (encoding {{encoding}})',
      channels: '{{channels}} channels',
      rate: '{{rate}} Hz',
      bits: '{{bits}}-bit',
    },
  },
};
