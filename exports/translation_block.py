"""A definition file's `translations:` block written anew, and the rest of the file kept byte
for byte, comments included: what `survey translation import` writes.

The builder saves a consultation as `dump` writes it (it keeps no comments), but a file in a
council's repository is written by hand, with comments worth keeping. So the block is spliced
in where the YAML nodes say it is (yaml.compose's start and end marks), or added at the end
when the file has none. Here rather than in survey/definition, which the lead keeps; it reads
the model and the dumper's settings from there.

What must stay true: everything outside the block is left as it was; the block is the
model's translations in page order, as survey.definition.dump writes them; the caller loads
the result through `load_text` before writing it anywhere (the parity check has the last word).
"""
from __future__ import annotations

from dataclasses import replace

import yaml

from survey.definition.dump import _Dumper, to_data  # the loader's own style of YAML
from survey.definition.model import Questionnaire, Translation
from survey.definition.texts import texts_of
from survey.definition.yamlnodes import LOADER

KEY = "translations"


def in_page_order(questionnaire: Questionnaire, translation: Translation) -> Translation:
    """The translation with its texts in the order a young person meets them."""
    order = list(texts_of(questionnaire))
    rank = {key: index for index, key in enumerate(order)}
    texts = dict(sorted(translation.texts.items(), key=lambda item: rank.get(item[0], len(order))))
    return replace(translation, texts=texts)


def with_translation(questionnaire: Questionnaire, translation: Translation) -> Questionnaire:
    """The questionnaire offering `translation` (replacing its language's, or added last)."""
    translation = in_page_order(questionnaire, translation)
    kept = [translation if t.language == translation.language else t
            for t in questionnaire.translations]
    if translation not in kept:
        kept.append(translation)
    return replace(questionnaire, translations=tuple(kept))


def block(questionnaire: Questionnaire) -> str:
    """The `translations:` block of a questionnaire as YAML text ("" when it offers none)."""
    data = to_data(questionnaire).get(KEY)
    if not data:
        return ""
    return yaml.dump({KEY: data}, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     width=1000, default_flow_style=False)


def _last_line(node: yaml.Node) -> int:
    """The (0-based) line where the last text inside a node ends: a block mapping's own end
    mark reaches past the comments after it, which belong to what follows. Lines, not
    indexes: libyaml's marks count bytes where PyYAML's count characters."""
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _last_line(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _last_line(node.value[-1])
    mark = node.end_mark
    return mark.line if mark.column > 0 else mark.line - 1


def spliced(text: str, questionnaire: Questionnaire) -> str:
    """`text` (the questionnaire's own definition) with its `translations:` block written from
    `questionnaire`: in place of the old block, or at the end when there was none."""
    new = block(questionnaire)
    root = yaml.compose(text, Loader=LOADER)
    found = next(((k, v) for k, v in root.value if k.value == KEY), None) \
        if isinstance(root, yaml.MappingNode) else None
    if found is None:
        if not new:
            return text
        return text + ("" if not text or text.endswith("\n") else "\n") + new
    key, value = found
    lines = text.splitlines(keepends=True)
    first, last = key.start_mark.line, max(_last_line(value), key.start_mark.line)
    return "".join(lines[:first]) + new + "".join(lines[last + 1:])
