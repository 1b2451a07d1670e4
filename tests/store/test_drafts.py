"""Resume codes on a real SQLite file: kept only as a hash keyed with the app's secret, so the
database alone cannot check a guess; the invitation sealed with them needs the key too; and a
draft saved before the key (plain SHA-256) still opens with its words, and is re-keyed."""
from __future__ import annotations

import hashlib
import hmac

import pytest

from survey.store import drafts
from survey.store.db import open_database

KEY = drafts.resume_key("test-only-secret")
OTHER_KEY = drafts.resume_key("another-secret-entirely")
INVITATION = hashlib.sha256(b"two-pages:ABCD2345").hexdigest()


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "drafts.db")
    yield database
    database.conn.close()


def saved(db) -> drafts.Draft:
    draft = drafts.new("paged", "v1")
    draft.answers[("who", "")] = ["in-care"]
    drafts.save(db, draft, days=14)
    return draft


def code_hash(db, draft: drafts.Draft) -> str:
    return db.execute("SELECT code_hash FROM drafts WHERE id = ?", [draft.id]).fetchone()[0]


def test_the_stored_code_hash_is_keyed_not_the_plain_sha256_of_the_code(db):
    draft = saved(db)
    code = drafts.give_code(db, draft, KEY)
    stored = code_hash(db, draft)
    plain = {hashlib.sha256(text.encode()).hexdigest()
             for text in (code, drafts.normalise(code), code.replace("-", " "))}
    assert not any(p in stored for p in plain)
    assert code not in stored and stored.startswith(drafts.KEYED)
    assert drafts.by_code(db, code, "paged", KEY).id == draft.id


def test_the_database_alone_cannot_check_a_code(db):
    """Without the secret the code was hashed with, the right words find nothing."""
    draft = saved(db)
    code = drafts.give_code(db, draft, KEY)
    assert drafts.by_code(db, code, "paged", OTHER_KEY) is None
    assert drafts.by_code(db, code, "paged", KEY) is not None


def test_the_resume_key_is_derived_from_the_secret_not_the_secret_itself():
    secret = "test-only-secret"
    assert KEY != secret.encode() and len(KEY) == 32
    assert KEY == hmac.new(secret.encode(), drafts.KEY_LABEL, hashlib.sha256).digest()
    assert KEY != OTHER_KEY
    with pytest.raises(ValueError, match="no secret key"):
        drafts.resume_key("")


def test_the_sealed_invitation_needs_the_words_and_the_key(db):
    draft = saved(db)
    code = drafts.give_code(db, draft, KEY, invitation=INVITATION)
    sealed = db.execute("SELECT invitation FROM drafts WHERE id = ?", [draft.id]).fetchone()[0]
    assert INVITATION not in sealed
    # The words alone (the old seal) do not open it, so it cannot check guessed words offline.
    assert drafts._legacy_seal(sealed, draft.id, code) != INVITATION
    assert drafts._seal(sealed, draft.id, code, OTHER_KEY) != INVITATION
    assert drafts.by_code(db, code, "paged", KEY).invitation == INVITATION


def legacy_draft(db, code: str, invitation: str | None = None) -> drafts.Draft:
    """A draft as saved before the key: plain SHA-256 of the words, invitation sealed by them."""
    draft = saved(db)
    sealed = drafts._legacy_seal(invitation, draft.id, code) if invitation else None
    db.execute("UPDATE drafts SET code_hash = ?, invitation = ? WHERE id = ?",
               [hashlib.sha256(code.encode()).hexdigest(), sealed, draft.id])
    db.conn.commit()
    return draft


def test_a_draft_saved_before_the_key_still_resumes_and_is_rekeyed(db):
    code = "tiger-apple-cloud-river"  # four words, as codes were then
    draft = legacy_draft(db, code, INVITATION)
    resumed = drafts.by_code(db, "Tiger apple CLOUD river", "paged", KEY)
    assert resumed.id == draft.id and resumed.answers == {("who", ""): ["in-care"]}
    assert resumed.invitation == INVITATION
    # Now hashed and sealed under the key, with the same words.
    assert code_hash(db, draft) == drafts._hash(code, KEY)
    sealed = db.execute("SELECT invitation FROM drafts WHERE id = ?", [draft.id]).fetchone()[0]
    assert drafts._legacy_seal(sealed, draft.id, code) != INVITATION
    again = drafts.by_code(db, code, "paged", KEY)
    assert again.id == draft.id and again.invitation == INVITATION
    assert drafts.by_code(db, code, "paged", OTHER_KEY) is None


def test_a_legacy_draft_needs_its_own_words_and_consultation(db):
    legacy_draft(db, "tiger-apple-cloud-river")
    assert drafts.by_code(db, "tiger-apple-cloud-moon", "paged", KEY) is None
    assert drafts.by_code(db, "tiger-apple-cloud-river", "other", KEY) is None


def test_a_new_code_has_five_words_from_the_list():
    words = drafts.new_code().split("-")
    assert len(words) == 5 and set(words) <= set(drafts.WORDS)
