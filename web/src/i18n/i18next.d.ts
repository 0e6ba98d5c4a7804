import 'i18next';
import type { en } from './en.ts';

// Every t() key is checked against the English catalogue: a missing or misspelt key fails tsc.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
