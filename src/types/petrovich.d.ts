/**
 * Types for petrovich 0.2.1 (CommonJS, ships none), declared from its `petrovich.js`.
 * Only what the package really exports: the call form, `detect_gender` and the
 * `petrovich[gender][nameType][case](name)` chain it builds for every combination.
 */
declare module 'petrovich' {
  /** Inflects every name part present; throws `Unknown gender` without `gender` or `middle`. */
  function petrovich(
    person: petrovich.Person,
    grammaticalCase: petrovich.Case,
  ): petrovich.Person & { gender: petrovich.Gender };

  namespace petrovich {
    type Gender = 'male' | 'female' | 'androgynous';
    type NameType = 'first' | 'middle' | 'last';
    type Case =
      'nominative' | 'genitive' | 'dative' | 'accusative' | 'instrumental' | 'prepositional';

    interface Person {
      gender?: Gender;
      first?: string;
      middle?: string;
      last?: string;
    }

    /** `petrovich.male.first.dative('Иван') === 'Ивану'`; unknown names come back unchanged. */
    type Inflectors = Record<NameType, Record<Case, (name: string) => string>>;

    /** From the patronymic's last two letters only: `ич` male, `на` female, else androgynous. */
    function detect_gender(middle: string): Gender;

    const male: Inflectors;
    const female: Inflectors;
    const androgynous: Inflectors;
  }

  export = petrovich;
}
