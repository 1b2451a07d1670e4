"""Every message the definition loader can give, in one place.

Each says what was found and what is allowed, so that the person editing the file can fix it
without reading code. Tests build their expected messages from these same strings.
"""

# Reading YAML
NOT_YAML = "this is not valid YAML: {problem}."
TAB_HINT = " YAML does not allow tabs for indentation: use spaces."
EMPTY_FILE = "the file is empty: a definition needs at least id, title, organisation and sections."
ALIAS = "YAML aliases and anchors (&name, *name, <<) are not allowed in a definition: write the text out."
DUPLICATE_KEY = "'{key}' is given twice in the same place (first on line {first}): keep one."
TAG = "YAML tags such as '{tag}' are not allowed in a definition: remove the tag and write the value as plain text."
TOO_DEEP = (
    "lists and mappings are nested more than {limit} levels deep here; a definition needs 7 at most "
    "(sections, questions, options). Check the indentation and the brackets."
)
TOO_MANY_VALUES = (
    "the file has more than {limit:,} values (ids, texts, options and so on); a long questionnaire "
    "has about 2,000. Split it into smaller consultations."
)
BAD_CHARACTER = (
    "the character U+{code:04X} cannot be in a definition: it is a control character or binary "
    "data. Remove it, and save the file as plain UTF-8 text."
)
CONTROL_IN_TEXT = (
    "the text {text!r} has the character U+{code:04X}, a control character that cannot be shown "
    "or exported: remove the escape that writes it."
)
NOT_UTF8 = "the file is not UTF-8 text: save it as UTF-8."
TOO_LARGE = "the file is larger than {limit} KB; a definition is usually a few KB. Split it into smaller consultations."
ID_TAKEN = "id '{id}' is already used by {path}: each consultation needs its own id."
CANNOT_READ = "cannot read the file: {reason}."
KEY_NOT_TEXT = (
    "a key must be text, but found {found}: write keys as words, and put one that looks like a "
    "number, a date or true/false in quotes."
)
BAD_SCALAR = "cannot read {text!r}: {reason}."

# Shape of values
WRONG_KIND = "{where}: '{key}' must be {expected}, but found {found}."
YES_NO_HINT = " YAML reads yes, no, on, off, true and false as true/false: put the text in quotes."
NOT_MAPPING = "{where} must be a mapping (key: value pairs), but found {found}."
ROOT_NOT_MAPPING = "a definition must be a mapping of keys such as id, title and sections, but found {found}."
MISSING_KEY = "{where}: '{key}' is required but missing."
UNKNOWN_KEY = "{where}: unknown key '{key}'. Allowed keys: {allowed}.{suggestion}"
DID_YOU_MEAN = " Did you mean '{guess}'?"
EMPTY_TEXT = "{where}: '{key}' must not be empty."
EMPTY_LIST = "{where}: '{key}' must list at least one {item}."
BAD_ID = (
    "{where}: id {found!r} is not allowed. Use lower-case letters, digits and hyphens, "
    "starting with a letter (for example 'placement-stability')."
)
DUPLICATE_ID = "{where}: id '{id}' is already used on line {first}. Ids must be unique {scope}."
BAD_DATE = "{where}: '{key}' must be a date written as YYYY-MM-DD, but found {found!r}."
DATES_REVERSED = "{where}: 'closes' ({closes}) is before 'opens' ({opens})."
RESULTS_BEFORE_CLOSING = (
    "{where}: 'results_by' ({results_by}) is before '{key}' ({day}): young people are told what "
    "was done with their answers after they have given them. Write a later date."
)
RESULTS_BY_PASSED = (
    "'results_by' ({results_by}) has passed: the thanks page and the poster still say \"We will "
    "tell you what we did by\" that day. Write a new date, or remove 'results_by'."
)
NOT_POSITIVE = "{where}: '{key}' must be a whole number of 1 or more, but found {found!r}."
TOO_LONG_LIMIT = "{where}: 'max_length' {found} is more than the largest allowed, {limit}."

# Questions and scales
UNKNOWN_TYPE = "{where}: question type '{found}' is not known. Question types: {allowed}.{suggestion}"
KEY_NOT_FOR_TYPE = "{where}: '{key}' cannot be used with a {type} question. Keys for {type}: {allowed}."
UNKNOWN_SCALE = "{where}: scale '{found}' is not defined. Defined scales: {allowed}.{suggestion}"
BAD_DIRECTION = "{where}: direction must be one of {allowed}, but found {found!r}."
SCALE_TOO_SHORT = "{where}: a scale needs at least 2 points, but found {found}."
SCALE_COUNTS = (
    "{where}: top_count ({top}) and bottom_count ({bottom}) together must not be more than "
    "the {points} points of the scale."
)
BREAKDOWN_UNKNOWN = "'breakdown' names question '{found}', which is not in this questionnaire. Single-choice questions: {allowed}."
BREAKDOWN_NOT_CHOICE = "'breakdown' names question '{found}', a {type} question; it must be a single_choice question."
OTHER_CLASH = "{where}: an option has the id 'other', which is kept for the 'other' key. Give the option another id."
SCALE_CLASH = "scale '{name}' has the name of a built-in scale. Give it another name; built-in scales: {builtin}."

# Conditions, pages and the organisation's look
CONDITION_UNKNOWN_QUESTION = (
    "{where}: 'show_if' names question '{found}', which is not asked on an earlier page. A "
    "condition can only use a question from an earlier page: {allowed}.{suggestion}"
)
CONDITION_NOT_CHOICE = (
    "{where}: 'show_if' names question '{found}', a {type} question; a condition needs a "
    "single_choice, multiple_choice or likert question."
)
CONDITION_STATEMENT = (
    "{where}: 'show_if' names likert question '{found}', so it needs 'statement', one of: {allowed}."
)
CONDITION_UNKNOWN_STATEMENT = "{where}: 'show_if' names statement '{found}', which question '{question}' does not have. Its statements: {allowed}."
CONDITION_NO_STATEMENT = "{where}: 'statement' in 'show_if' is only for likert questions; '{question}' is {type}."
CONDITION_UNKNOWN_VALUE = "{where}: 'show_if' gives '{found}', which is not an answer to '{question}'. Its answers: {allowed}.{suggestion}"
CONDITION_NEEDS_PAGES = (
    "{where}: 'show_if' needs 'layout: pages', so that the answer it depends on is sent on an "
    "earlier page before this is shown or left out."
)
BAD_NUMBERING = "{where}: 'numbering' must be one of {allowed}, but found {found!r}."
NUMBER_NOT_WRITTEN = (
    "question '{id}': 'number' is written, but 'numbering' is {numbering}, so {made}. Remove "
    "'number', or write 'numbering: as written' to show the numbers written."
)
BAD_LAYOUT = "{where}: 'layout' must be one of {allowed}, but found {found!r}."
BAD_COLOUR = "organisation: 'colour' must be written as #rrggbb (for example #1d4f91), but found {found!r}."
LOW_CONTRAST = (
    "organisation: 'colour' {found} is too light for white header text (contrast {ratio:.1f} to 1, "
    "at least 4.5 to 1 is needed so everyone can read it). Choose a darker colour."
)
BAD_LOGO = (
    "organisation: 'logo' must be the name of a .png or .svg file in the logos folder beside the "
    "definitions (for example sefton.svg), but found {found!r}."
)
BAD_FACE = "{where}: face {found!r} is not known. Faces: {allowed}."
NOT_A_LINK = "{where}: '{key}' must be a web address starting with https://, but found {found!r}."
SERIES_WITHOUT_WAVE = "{where}: 'series' needs 'wave' too, naming this run (for example 'Spring 2027')."

# Retired questions, statements and options: no longer asked, their answers kept
CONDITION_RETIRED = (
    "{where}: 'show_if' uses {what}, which is retired and no longer asked, so the condition could "
    "never be met by a new answer. Change or remove the condition."
)
BREAKDOWN_RETIRED = (
    "'breakdown' names question '{found}', which is retired: new answers would not be split. "
    "Split the results by another single_choice question, or remove 'breakdown'."
)
ALL_RETIRED = "{where}: every {item} is retired, so nothing would be asked. Retire the {whole} instead."
NOTHING_ASKED = "every question is retired, so young people would be asked nothing: at least one question must be asked."

# Languages, translations and versions for age bands (survey.definition.check_texts).
UNKNOWN_LANGUAGE = (
    "{where}: '{found}' is not a language code this tool knows. Known codes: {allowed}.{suggestion}"
)
NO_INTERFACE = (
    "{where}: the buttons and messages of the young people's pages are not in {name} yet, so "
    "a consultation cannot be offered in it. Add its catalogue to survey/translations "
    "(docs/translating.md says how). Offered today: {allowed}."
)
TRANSLATION_OF_WORKING = (
    "{where}: '{code}' is the consultation's own language ('language'), so it needs no translation."
)
TRANSLATION_MISSING = (
    "translations, {code}: no {name} text for '{key}' (\u201c{english}\u201d). Every language "
    "offered needs every text, so that no young person meets words in a language they did not choose."
)
TRANSLATION_UNKNOWN = (
    "translations, {code}: '{key}' is not a text of this consultation.{suggestion}"
)
WORDS_UNKNOWN = "{where}: '{key}' is not a text of this consultation.{suggestion}"
TEXT_NOT_TEXT = "{where}: '{key}' must be text, but found {found}."
VERSIONS_TOO_FEW = (
    "versions: give two or more versions (for example one for 8 to 12 year olds and one for 13 "
    "and over); one version is the consultation itself."
)
LEAVE_OUT_UNKNOWN = (
    "{where}: leave_out names '{found}', which is no question or statement of this consultation "
    "(write a question's id, or question.statement).{suggestion}"
)
LEAVE_OUT_NEEDED = (
    "{where}: leaves out question '{found}', but {other} is shown only after an answer to it. "
    "Leave that out too, or keep '{found}'."
)
LEAVE_OUT_BREAKDOWN = (
    "{where}: leaves out question '{found}', which splits the results ('breakdown'), so its "
    "answers would be missing from every table."
)
QUESTION_VERSION_UNKNOWN = (
    "{where}: versions names '{found}', which is not one of this consultation's versions: "
    "{allowed}.{suggestion}"
)
QUESTION_VERSION_NONE = (
    "{where}: versions names '{found}', but the consultation has no 'versions' list."
)
NOT_EVERY_VERSION_ASKS = "{where}: version '{version}' asks no question at all."
