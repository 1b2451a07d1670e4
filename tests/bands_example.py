"""A small consultation with two versions for age bands and a Welsh translation: the worked
example the definition, respond and results tests share."""

TWO_BANDS = """\
id: bands
title: Your home
organisation: Ourtown Council
introduction: Tell us about where you live.
breakdown: who
sections:
  - id: about
    title: About you
    questions:
      - id: who
        type: single_choice
        text: Who are you?
        options:
          - {id: in-care, label: I live in care}
          - {id: leaver, label: I have left care}
      - id: home
        type: likert
        text: How do you feel about your home?
        scale: agreement
        statements:
          - {id: safe, text: I feel safe where I live.}
          - {id: listened, text: The adults who look after me listen to me when I worry.}
      - id: draw
        type: long_text
        text: Tell us about your favourite place.
        versions: [younger]
      - id: plans
        type: long_text
        text: What plans are you making for when you leave care?
versions:
  - id: younger
    name: 8 to 12 year olds
    choice: I am 8 to 12
    leave_out: [plans, home.listened]
    words:
      questions:
        home:
          text: How is your home?
  - id: older
    name: 13 and over
    choice: I am 13 or older
"""

WELSH = """\
translations:
  cy:
    needs_review: true
    title: Dy gartref
    introduction: Dywed wrthym am ble rwyt ti'n byw.
    organisation: {name: Cyngor Ein Tref, help: "Childline: ffonia 0800 1111, am ddim, unrhyw bryd"}
    sections:
      about: {title: Amdanat ti}
    questions:
      who:
        text: Pwy wyt ti?
        options: {in-care: Rwy'n byw mewn gofal, leaver: Rwyf wedi gadael gofal}
      home:
        text: Sut wyt ti'n teimlo am dy gartref?
        statements: {safe: Rwy'n teimlo'n ddiogel lle rwy'n byw., listened: Mae'r oedolion yn gwrando arna i.}
      draw: {text: Dywed wrthym am dy hoff le.}
      plans: {text: Pa gynlluniau wyt ti'n eu gwneud?}
    scales:
      agreement: {strongly-agree: "Cytuno'n gryf", agree: Cytuno, neither: Ddim yn siŵr, disagree: Anghytuno, strongly-disagree: "Anghytuno'n gryf", dont-know: Ddim yn gwybod}
    versions:
      younger:
        choice: Rwy rhwng 8 a 12
        questions:
          home: {text: Sut mae dy gartref?}
      older: {choice: Rwy'n 13 neu'n hŷn}
"""
