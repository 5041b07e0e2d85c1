import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { zh, type MessageKey } from './messages';

export type Lang = 'zh-CN' | 'en';
type Words = Record<MessageKey, string>;

interface I18n {
  /** The language shown (English only once its words are here). */
  lang: Lang;
  t: (key: MessageKey) => string;
  setLang: (lang: Lang) => void;
}

const Ctx = createContext<I18n | null>(null);
const STORAGE_KEY = 'luoshi.lang';

/**
 * zh-CN, the default, ships in the entry; the English words are a chunk of their own
 * (./messages.en.ts), fetched only when English is chosen (issue 18.9: a clerk's phone on a slow
 * link does not download a language it never shows). Nobody sees keys while they load: the
 * stored choice is waited for before the first render (`i18nReady`), a switch shows the current
 * language until the English words are here (one small chunk; precached for offline use).
 */
let english: Words | null = null;
let englishLoad: Promise<Words> | null = null;

function loadEnglish(): Promise<Words> {
  return (englishLoad ??= import('./messages.en').then(
    (m) => (english = m.en),
    (e: unknown) => {
      englishLoad = null; // offline without a cached copy: the next switch tries again
      throw e;
    },
  ));
}

function storedLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

/**
 * What to wait for before the first render: the English words when English is the stored
 * choice, nothing (null) for zh-CN. Never rejects: without the chunk the app starts in zh-CN.
 */
export function i18nReady(): Promise<void> | null {
  if (storedLang() !== 'en' || english) return null;
  return loadEnglish().then(
    () => undefined,
    () => undefined,
  );
}

export function I18nProvider({ children }: { children: ReactNode }) {
  // The choice; `lang` below is what is shown, English once its words have arrived.
  const [chosen, setChosen] = useState<Lang>(storedLang);
  const [, setArrived] = useState(0);
  const lang: Lang = chosen === 'en' && english ? 'en' : 'zh-CN';
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => {
    const table: Words = lang === 'en' && english ? english : zh;
    return {
      lang,
      t: (key) => table[key],
      setLang: (l) => {
        localStorage.setItem(STORAGE_KEY, l);
        setChosen(l);
        if (l === 'en' && !english)
          loadEnglish().then(
            () => setArrived((n) => n + 1),
            () => undefined, // stays in zh-CN; choosing English again retries
          );
      },
    };
  }, [lang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
