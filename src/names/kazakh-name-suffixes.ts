/**
 * Kazakh case endings on a name. Kazakh names do not change their stem: a case is one
 * suffix whose vowel follows the name's vowels (harmony) and whose first consonant
 * follows the name's last sound. No npm package does this, and the rules are short:
 *
 * Harmony, by the last vowel written in the name:
 * - back: а о ұ ы, and у я ю ё of Russian spelling → suffix with а / ы
 *   (Арман, Мұрат, Дина, Гүлнар, Динара, Мария);
 * - front: ә ө ү і е и, and э → suffix with е / і (Әсел, Айгүл, Серік, Айгерим);
 * - a final ь marks a soft, front word (Айгуль → Айгульге, Игорь → Игорьге).
 * Russian spelling writes і, ү, ә as и, у, а, so for such names this is the best reading
 * of what is written.
 *
 * Dative (барыс септік, "to Арман"):
 * - after a vowel, a voiced consonant or a sonorant (м н ң л р й з ж ғ) → -ға / -ге:
 *   Дина → Динаға, Арман → Арманға, Асқар → Асқарға, Әсел → Әселге, Айгүл → Айгүлге;
 * - after a voiceless consonant (к қ п с т ф х һ ц ч ш щ), and after б в г д, which are
 *   devoiced at the end of a word → -қа / -ке: Мұрат → Мұратқа, Серік → Серікке.
 *
 * Genitive (ілік септік, "Арман's", the possessor of a 3rd-person possessive):
 * - after a vowel or м н ң → -ның / -нің: Дина → Динаның, Арман → Арманның;
 * - after л р й з ж ғ, and after и у ю, which end in the glides й / у → -дың / -дің:
 *   Әсел → Әселдің, Асқар → Асқардың, Әли → Әлидің;
 * - after a voiceless consonant, or б в г д → -тың / -тің: Мұрат → Мұраттың, Серік → Серіктің.
 *
 * A name that does not end in a Cyrillic letter (Latin spelling, digits) is returned as it
 * is: a Cyrillic suffix on a Latin name would only confuse the speech engine.
 *
 * @example withKazakhSuffix('Әсел', 'dative') // 'Әселге'
 */
export function withKazakhSuffix(name: string, grammaticalCase: KazakhCase): string {
  const word = name.toLowerCase();
  const soft = word.endsWith('ь');
  const last = soft ? word.at(-2) : word.at(-1);
  if (last === undefined || !CYRILLIC.test(last)) return name;
  const front = soft || lastVowelIsFront(word);
  const suffix = SUFFIXES[grammaticalCase][soundClass(last, grammaticalCase)][front ? 1 : 0];
  return name + (isUpperCase(name) ? suffix.toUpperCase() : suffix);
}

export type KazakhCase = 'dative' | 'genitive';

type SoundClass = 'vowel' | 'nasal' | 'voiced' | 'voiceless';

const CYRILLIC = /\p{Script=Cyrillic}/u;
const BACK_VOWELS = 'аоұыуяюё';
const FRONT_VOWELS = 'әөүіеиэ';
const NASALS = 'мнң';
const VOICED = 'лрйзжғ';
/** б в г д sound voiceless at the end of a word and take the same suffixes as п ф к т. */
const VOICELESS = 'кқпстфхһцчшщбвгд';

/** [back, front] per case and per the name's last sound. */
const SUFFIXES: Record<KazakhCase, Record<SoundClass, readonly [string, string]>> = {
  dative: {
    vowel: ['ға', 'ге'],
    nasal: ['ға', 'ге'],
    voiced: ['ға', 'ге'],
    voiceless: ['қа', 'ке'],
  },
  genitive: {
    vowel: ['ның', 'нің'],
    nasal: ['ның', 'нің'],
    voiced: ['дың', 'дің'],
    voiceless: ['тың', 'тің'],
  },
};

function soundClass(letter: string, grammaticalCase: KazakhCase): SoundClass {
  // и у ю are written vowels that end in a glide: a vowel for the dative, й / у for the genitive.
  if ('иую'.includes(letter)) return grammaticalCase === 'genitive' ? 'voiced' : 'vowel';
  if (BACK_VOWELS.includes(letter) || FRONT_VOWELS.includes(letter)) return 'vowel';
  if (NASALS.includes(letter)) return 'nasal';
  if (VOICED.includes(letter)) return 'voiced';
  if (VOICELESS.includes(letter)) return 'voiceless';
  return 'voiced'; // a letter Kazakh does not end words with (ъ, ї, ґ): the unmarked forms
}

function lastVowelIsFront(word: string): boolean {
  for (let i = word.length - 1; i >= 0; i -= 1) {
    const letter = word.charAt(i);
    if (FRONT_VOWELS.includes(letter)) return true;
    if (BACK_VOWELS.includes(letter)) return false;
  }
  return false; // no vowel written at all: back is the more common harmony
}

function isUpperCase(text: string): boolean {
  return text.length > 1 && text === text.toUpperCase() && text !== text.toLowerCase();
}
