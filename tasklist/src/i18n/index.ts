import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en } from './en.js';
import { vi, type MessageKey } from './vi.js';

export type { MessageKey };
export type Language = 'vi' | 'en';

export const dictionaries: Record<Language, Record<MessageKey, string>> = { vi, en };

const LANGUAGE_KEY = 'docroute.language';

/** Returns the language saved on this device, Vietnamese when none is saved. */
export function savedLanguage(): Language {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  return saved === 'en' ? 'en' : 'vi';
}

export function saveLanguage(language: Language): void {
  localStorage.setItem(LANGUAGE_KEY, language);
}

/** Looks a key up and replaces each `{name}` in the message with `values[name]`. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const dictionary = dictionaries[language];
  return (key, values = {}) =>
    dictionary[key].replace(/\{(\w+)\}/g, (match, name: string) =>
      name in values ? String(values[name]) : match,
    );
}

/** Looks up a key that is built at run time, such as `decision.<name>`, or returns `fallback`. */
export function translateOptional(t: Translate, key: string, fallback: string): string {
  return key in vi ? t(key as MessageKey) : fallback;
}

export interface I18n {
  language: Language;
  t: Translate;
  setLanguage(language: Language): void;
}

export const I18nContext = createContext<I18n>({
  language: 'vi',
  t: translator('vi'),
  setLanguage: () => undefined,
});

export function useI18n(): I18n {
  return useContext(I18nContext);
}
