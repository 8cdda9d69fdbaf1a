// The console's words in Russian, Kazakh and English; the choice is kept in localStorage.
export const LANGUAGES = [
  ['ru', 'Русский'],
  ['kk', 'Қазақша'],
  ['en', 'English'],
];

const WORDS = {
  title: ['Консоль IVR', 'IVR консолі', 'IVR console'],
  overview: ['Обзор', 'Шолу', 'Overview'],
  paths: ['Пути', 'Жолдар', 'Paths'],
  campaigns: ['Кампании', 'Науқандар', 'Campaigns'],
  pilot: ['Пилот', 'Пилот', 'Pilot'],
  calls: ['Звонки', 'Қоңыраулар', 'Calls'],
  logout: ['Выйти', 'Шығу', 'Sign out'],
  login: ['Войти', 'Кіру', 'Sign in'],
  user: ['Пользователь', 'Пайдаланушы', 'User'],
  password: ['Пароль', 'Құпиясөз', 'Password'],
  apiKey: ['Ключ API', 'API кілті', 'API key'],
  orApiKey: ['или ключ API', 'немесе API кілті', 'or the API key'],
  loginFailed: [
    'Неверный пользователь, пароль или ключ',
    'Пайдаланушы, құпиясөз немесе кілт қате',
    'Wrong user name, password or key',
  ],
  consoleDisabled: [
    'Консоль выключена: задайте CONSOLE_USER и CONSOLE_PASSWORD_HASH или API_KEY',
    'Консоль өшірулі: CONSOLE_USER мен CONSOLE_PASSWORD_HASH немесе API_KEY орнатыңыз',
    'The console is disabled: set CONSOLE_USER and CONSOLE_PASSWORD_HASH, or API_KEY',
  ],
  from: ['С', 'Бастап', 'From'],
  to: ['По', 'Дейін', 'To'],
  provider: ['Провайдер', 'Провайдер', 'Provider'],
  language: ['Язык', 'Тіл', 'Language'],
  segment: ['Сегмент', 'Сегмент', 'Segment'],
  arm: ['Группа пилота', 'Пилот тобы', 'Pilot arm'],
  all: ['все', 'барлығы', 'all'],
  apply: ['Показать', 'Көрсету', 'Apply'],
  loading: ['Загрузка…', 'Жүктелуде…', 'Loading…'],
  noData: ['Нет данных за период', 'Кезеңде дерек жоқ', 'No data for the period'],
  callsCount: ['Звонков', 'Қоңыраулар', 'Calls'],
  ivrMedian: ['Время в IVR, медиана', 'IVR уақыты, медиана', 'Time in IVR, median'],
  ivrP90: ['Время в IVR, p90', 'IVR уақыты, p90', 'Time in IVR, p90'],
  selfService: ['Самообслуживание', 'Өзіне-өзі қызмет', 'Self-service'],
  transferred: ['Переведено', 'Ауыстырылды', 'Transferred'],
  abandoned: ['Брошено в IVR', 'IVR-да тасталды', 'Abandoned in IVR'],
  hitRate: ['Угадано (прогноз)', 'Болжам дәлдігі', 'Prediction hit rate'],
  predictionOffered: ['Прогноз предложен', 'Болжам ұсынылды', 'Prediction offered'],
  speechUnderstood: ['Речь понята', 'Сөз түсінілді', 'Speech understood'],
  reprompted: ['Переспрошено', 'Қайта сұралды', 'Re-prompted'],
  fellBack: ['Перешли на кнопки', 'Пернелерге көшті', 'Fell back to keys'],
  crmFallback: ['Без CRM (резерв)', 'CRM-сіз (резерв)', 'CRM fallback'],
  firstRanked: [
    'Ответил первый в рейтинге',
    'Рейтингтегі бірінші жауап берді',
    'Answered by first ranked',
  ],
  perDay: ['Звонки по дням', 'Күндер бойынша қоңыраулар', 'Calls per day'],
  abandonedAt: ['Где бросают', 'Қай жерде тастайды', 'Where callers hang up'],
  byProvider: ['По провайдерам', 'Провайдерлер бойынша', 'By provider'],
  byLanguage: ['По языкам', 'Тілдер бойынша', 'By language'],
  bySegment: ['По сегментам', 'Сегменттер бойынша', 'By segment'],
  byArm: ['По группам пилота', 'Пилот топтары бойынша', 'By pilot arm'],
  node: ['Узел', 'Түйін', 'Node'],
  entered: ['Вошли', 'Кірді', 'Entered'],
  movedOn: ['Пошли дальше', 'Әрі өтті', 'Moved on'],
  dropped: ['Положили трубку', 'Тұтқаны қойды', 'Hung up'],
  dropOff: ['Отток', 'Кету үлесі', 'Drop-off'],
  next: ['Дальше', 'Келесі', 'Next'],
  pilotPercent: ['Доля персонализации, %', 'Жекелендіру үлесі, %', 'Personalised share, %'],
  save: ['Сохранить', 'Сақтау', 'Save'],
  saved: ['Сохранено', 'Сақталды', 'Saved'],
  personalised: ['Персональный', 'Жекелендірілген', 'Personalised'],
  control: ['Контроль', 'Бақылау', 'Control'],
  metric: ['Показатель', 'Көрсеткіш', 'Metric'],
  difference: ['Разница (95 % ДИ)', 'Айырма (95 % СА)', 'Difference (95 % CI)'],
  pValue: ['p', 'p', 'p'],
  ivrTime: ['Время в IVR (Манн–Уитни)', 'IVR уақыты (Манн–Уитни)', 'Time in IVR (Mann–Whitney)'],
  effect: ['Минимальный эффект', 'Ең аз әсер', 'Minimal effect'],
  sampleNeeded: ['Нужно звонков на группу', 'Топқа қажет қоңыраулар', 'Calls needed per arm'],
  sampleReached: ['Набрано', 'Жиналды', 'Reached'],
  notEnough: ['Данных пока недостаточно', 'Деректер әлі жеткіліксіз', 'Not enough data yet'],
  significant: ['Разница значима', 'Айырма маңызды', 'The difference is significant'],
  notSignificant: ['Значимой разницы нет', 'Маңызды айырма жоқ', 'No significant difference'],
  pilotUnavailable: [
    'Настройка пилота недоступна',
    'Пилот баптауы қолжетімсіз',
    'The pilot setting is not available',
  ],
  started: ['Начало', 'Басталуы', 'Started'],
  caller: ['Звонящий', 'Қоңырау шалушы', 'Caller'],
  outcome: ['Итог', 'Нәтиже', 'Outcome'],
  ivrOutcome: ['Итог IVR', 'IVR нәтижесі', 'IVR outcome'],
  steps: ['Шаги', 'Қадамдар', 'Steps'],
  step: ['Шаг', 'Қадам', 'Step'],
  input: ['Ввод', 'Енгізу', 'Input'],
  leftBy: ['Как вышел', 'Қалай шықты', 'Left by'],
  prompt: ['Фраза', 'Фраза', 'Prompt'],
  asJson: ['JSON из API', 'API-дан JSON', 'JSON from the API'],
  back: ['Назад', 'Артқа', 'Back'],
  name: ['Название', 'Атауы', 'Name'],
  controlPoint: ['Точка', 'Нүкте', 'Control point'],
  status: ['Статус', 'Күйі', 'Status'],
  period: ['Период', 'Кезең', 'Period'],
  newCampaign: ['Новая кампания', 'Жаңа науқан', 'New campaign'],
  edit: ['Изменить', 'Өзгерту', 'Edit'],
  stop: ['Остановить', 'Тоқтату', 'Stop'],
  report: ['Отчёт', 'Есеп', 'Report'],
  create: ['Создать', 'Құру', 'Create'],
  cancel: ['Отмена', 'Болдырмау', 'Cancel'],
  campaignJson: [
    'Кампания (JSON, как в API)',
    'Науқан (JSON, API-дағыдай)',
    'Campaign (JSON, as the API takes it)',
  ],
  reached: ['Дослушали до точки', 'Нүктеге жетті', 'Reached'],
  listenedToEnd: ['Дослушали', 'Соңына дейін тыңдады', 'Listened to the end'],
  responded: ['Откликнулись', 'Жауап берді', 'Responded'],
  hungUpDuring: ['Положили трубку', 'Тыңдап тұрып қойды', 'Hung up during'],
  interrupted: ['Прервали', 'Үзді', 'Interrupted'],
  day: ['День', 'Күн', 'Day'],
  campaignsUnavailable: [
    'API кампаний недоступен',
    'Науқандар API қолжетімсіз',
    'The campaigns API is not available',
  ],
};

const INDEX = { ru: 0, kk: 1, en: 2 };

export function getLanguage() {
  const saved = localStorage.getItem('console-language');
  return saved && saved in INDEX ? saved : 'ru';
}

export function setLanguage(language) {
  localStorage.setItem('console-language', language);
  document.documentElement.lang = language;
}

/** The word for `key` in `language` (the key itself when missing, so a gap shows). */
export function translate(language, key) {
  return WORDS[key]?.[INDEX[language] ?? 0] ?? key;
}
