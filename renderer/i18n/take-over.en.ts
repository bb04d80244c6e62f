/**
 * English strings of taking a one-device number's place over (SPEC §3 Devices), under
 * `takeOver.`; take-over.ru.ts has the same keys.
 */
export const takeOverEn = {
  takeOver: {
    title: 'Your number’s place',
    inUseOn: 'Your number is in use on another device: {{device}}.',
    inUseOnSeveral: 'Your number is in use on all the devices it may have at once.',
    nowInUseOn: 'Now in use on another device: {{device}}.',
    nowInUseElsewhere: 'Now in use on another device.',
    staysOff: 'This phone does not sign in again by itself.',
    device: '{{kind}}, {{program}}',
    details: '{{address}}, since {{since}}',
    useHere: 'Use here instead',
    useHereOf: 'Use here instead of {{device}} at {{address}}',
    working: 'Taking the number over…',
    failed: 'The number could not be taken over: {{reason}}',
  },
};
