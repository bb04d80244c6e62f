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
    custom: 'Own recordings: {{list}}',
  },
};
