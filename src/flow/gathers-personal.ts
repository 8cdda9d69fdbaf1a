import type { GatherAction, PauseAction, PlayAction, SayAction } from './actions.js';
import type { EmployeeContact } from './employee-data.js';
import type { Language } from './language.js';
import { prompt, sayTemplate } from './prompts.js';
import type { FlowSettings } from './settings.js';

type Lead = Array<SayAction | PlayAction | PauseAction>;

/** An employee's name as the call's language says it ("Чулкова Евгения", "Evgenia Chulkova"). */
export function employeeName(
  settings: FlowSettings,
  language: Language,
  e: EmployeeContact,
): string {
  return sayTemplate(
    settings.prompts[language].employeeName,
    { first: e.firstName, last: e.lastName ?? '', patronymic: e.patronymic ?? '' },
    language,
  )
    .text.replace(/\s+/g, ' ')
    .trim();
}

/**
 * The personal menu: "Чулкова Евгения — нажмите 1, добавочный 34", then the operator. Keys
 * 1…N pick an employee, 0 the operator; two or more digits are an extension (the gather
 * ends on # or after the pause), a spoken name picks that employee.
 */
export function personalMenuGather(
  settings: FlowSettings,
  language: Language,
  employees: EmployeeContact[],
  lead: Lead,
): GatherAction {
  const set = settings.prompts[language];
  return {
    kind: 'gather',
    prompts: [
      ...lead,
      prompt(set.personalMenuIntro, language),
      ...employees.slice(0, settings.personalMenu.size).map((e, i) =>
        sayTemplate(
          set.personalMenuOption,
          {
            name: employeeName(settings, language, e),
            key: String(i + 1),
            extension: e.extension,
          },
          language,
        ),
      ),
      sayTemplate(set.personalMenuOperator, { key: settings.menu.operator.key }, language),
      prompt(set.personalMenuExtensionHint, language),
    ],
    input: ['dtmf', 'speech'],
    language,
    timeoutSec: settings.personalMenu.timeoutSec,
    maxDigits: settings.personalMenu.maxExtensionDigits,
    finishOnKey: '#',
    hints: [
      ...employees
        .slice(0, settings.personalMenu.size)
        .flatMap((e) => [e.firstName, e.lastName ?? ''].filter(Boolean)),
      ...settings.menu.operator.keywords[language],
    ],
  };
}
