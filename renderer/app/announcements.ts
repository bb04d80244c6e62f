/**
 * The recorded prompts the softphone plays (assets/sounds, made with espeak-ng: see
 * assets/README.md). Imported as URLs so the build ships them hashed; `no-inline` keeps them
 * files, since the Content-Security-Policy allows media from 'self' and not from data: URLs.
 */
import secondLineEn from '../../assets/sounds/second-line.en.wav?no-inline';
import secondLineRu from '../../assets/sounds/second-line.ru.wav?no-inline';
import type { Language } from '../store';

/** "You have a call on line two", in the UI language: a waiting call during a call. */
export const SECOND_LINE_ANNOUNCEMENT: Readonly<Record<Language, string>> = {
  en: secondLineEn,
  ru: secondLineRu,
};
