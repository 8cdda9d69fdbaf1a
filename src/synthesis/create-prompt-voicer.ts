import type { SpeechConfig } from '../config/config.js';
import { ConfigError } from '../errors/config-error.js';
import { LOCALES, type Language } from '../flow/language.js';
import type { Logger } from '../lib/logger.js';
import { AzureSynthesizer } from './azure-synthesizer.js';
import { EspeakSynthesizer } from './espeak-synthesizer.js';
import { PhraseCache } from './phrase-cache.js';
import { PromptVoicer, type VoicedLanguage } from './prompt-voicer.js';
import type { SpeechRoute, SpeechSettings } from './speech-settings.js';
import type { EngineName, SpeechSynthesizer } from './speech-synthesizer.js';
import { YandexSynthesizer } from './yandex-synthesizer.js';

/** Yandex names Kazakh `kk-KK`, not `kk-KZ`. */
const YANDEX_LOCALES: Record<Language, string> = {
  ru: 'ru-RU',
  kk: 'kk-KK',
  en: 'en-US',
  uk: 'uk-UA',
};

/**
 * The prompt voicer the settings ask for, or null when no language is spoken by a
 * synthesiser. A remote engine without credentials stops the start (the settings asked
 * for it); a missing espeak-ng binary only logs: the language keeps the provider's voice,
 * so a machine without the package still runs.
 */
export function createPromptVoicer(input: {
  config: SpeechConfig;
  settings: SpeechSettings;
  publicUrl: string;
  logger: Logger;
  /** Replaces an engine (tests pass a slow or failing one). */
  synthesizers?: Partial<Record<EngineName, SpeechSynthesizer>>;
}): PromptVoicer | null {
  const { config, settings, logger } = input;
  const made = new Map<EngineName, SpeechSynthesizer | null>();
  const engine = (name: EngineName): SpeechSynthesizer | null => {
    if (!made.has(name))
      made.set(name, input.synthesizers?.[name] ?? makeEngine(name, config, logger));
    return made.get(name)!;
  };
  const languages: Partial<Record<Language, VoicedLanguage>> = {};
  for (const [language, route] of Object.entries(settings.languages) as Array<
    [Language, SpeechRoute]
  >) {
    const synthesizer = engine(route.engine);
    if (!synthesizer) continue;
    languages[language] = {
      synthesizer,
      route: {
        ...route,
        locale: route.locale ?? defaultLocale(route.engine, language, route.voice),
      },
    };
  }
  if (Object.keys(languages).length === 0) return null;
  return new PromptVoicer({
    cache: new PhraseCache(config.cacheDir, config.urlSecret),
    languages,
    publicUrl: input.publicUrl,
    budgetMs: config.budgetMs,
    engineTimeoutMs: config.engineTimeoutMs,
    economy: settings.economy,
    economyGapMs: settings.economyGapMs,
    logger,
  });
}

function makeEngine(
  name: EngineName,
  config: SpeechConfig,
  logger: Logger,
): SpeechSynthesizer | null {
  switch (name) {
    case 'espeak-ng':
      if (EspeakSynthesizer.available(config.espeakPath)) {
        return new EspeakSynthesizer(config.espeakPath);
      }
      logger.warn(
        { binary: config.espeakPath },
        "espeak-ng not found: its languages keep the provider's voices (apt-get install espeak-ng)",
      );
      return null;
    case 'yandex':
      if (!config.yandex.apiKey && !(config.yandex.iamToken && config.yandex.folderId)) {
        throw new ConfigError(
          'Invalid configuration:\n  YANDEX_SPEECHKIT_API_KEY: required when the IVR settings route a language to yandex',
          {
            hint: 'Set YANDEX_SPEECHKIT_API_KEY (or YANDEX_IAM_TOKEN and YANDEX_FOLDER_ID), or route the language to espeak-ng (docs/speech.md).',
          },
        );
      }
      return new YandexSynthesizer(config.yandex);
    case 'azure':
      if (!config.azure.key || !config.azure.url) {
        throw new ConfigError(
          'Invalid configuration:\n  AZURE_SPEECH_KEY, AZURE_SPEECH_REGION: required when the IVR settings route a language to azure',
          {
            hint: 'Set the Speech resource key and region (or AZURE_SPEECH_URL), or route the language to espeak-ng (docs/speech.md).',
          },
        );
      }
      return new AzureSynthesizer({ url: config.azure.url, key: config.azure.key });
  }
}

function defaultLocale(engine: EngineName, language: Language, voice: string): string {
  if (engine === 'yandex') return YANDEX_LOCALES[language];
  if (engine === 'azure') return LOCALES[language];
  return voice;
}
