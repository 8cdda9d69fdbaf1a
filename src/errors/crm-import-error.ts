import { AppError } from './app-error.js';

/**
 * A CRM file that cannot be imported: unreadable, not JSON, or not the documented format.
 * Nothing is written when it is thrown. `issues` name the offending fields
 * (`customers[2].phones[0]: not a valid phone number`), never their personal values.
 */
export class CrmImportError extends AppError {
  /** One line per problem, each starting with the path of the field. */
  readonly issues: string[];

  constructor(message: string, issues: string[] = [], opts: { hint?: string } = {}) {
    const text =
      issues.length > 0 ? `${message}\n${issues.map((i) => `  ${i}`).join('\n')}` : message;
    super(text, {
      hint: opts.hint ?? 'Fix the file (format: docs/crm-file.md) and import it again.',
      context: { issues },
    });
    this.issues = issues;
  }
}
