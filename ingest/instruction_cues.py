"""Grammatical cue classes for ``ingest.instructions``, one table per language (en, fr, de).

Each class is closed and structural: who is addressed (roles that only exist in the reading
situation: an AI, a model, "anyone who asks"), how (imperative, modal obligation, polite request),
what kind of act is asked for (acts on an answer: say, cite, ignore), the marks of a standing
instruction ("from now on", "whenever", "in every answer"), and the marks of an order between
people inside the text (first person narrator, a named or titled recipient, a reporting verb).
No entry is a phrase taken from an attack; the decision rule in ``ingest.instructions`` weighs them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_I = re.I


@dataclass(frozen=True)
class Cues:
    reader_role: re.Pattern  # an addressee that exists only in the reading situation (+2)
    reader_weak: re.Pattern  # "the reader", "any summary", "whoever reads": also historical rhetoric (+1)
    imperative: re.Pattern  # a clause that opens with an imperative verb or a negative imperative
    obligation: re.Pattern  # modal obligation or polite request on the addressee
    answer_act: re.Pattern  # acts on an answer or a text: say, state, cite, ignore ...
    discourse: re.Pattern  # what such acts act on: instructions, sources, this page ...
    standing: re.Pattern  # marks of a standing instruction: from now on, whenever, in every answer
    question: re.Pattern  # the questions of whoever asks: "asks about", "when asked"
    content: re.Pattern  # an act on an answer given its content: "say that", "describe X as"
    person: re.Pattern  # orders between people: first person, a named or titled recipient
    reported: re.Pattern  # reported or framed speech: ordered X to, said, wrote
    # Words (lower case) of which every directive other than a clause-opening imperative needs one
    # (the addressee, a request word): a cheap test that spares most sentences the other patterns.
    gate: frozenset[str] | None = None
    starts: frozenset[str] = frozenset()  # words that can open an imperative (with ``gate``: the precheck)


_TITLES = (r"(?:General|Gen\.|Colonel|Col\.|Captain|Capt\.|Major|Lieutenant|Lieut\.|Lt\.|Sergeant|Sir|"
           r"Marshal|Admiral|Governor|President|Mr\.|Mrs\.|Comrade|Monsieur|Herr|Genosse|camarade|"
           r"the (?:general|colonel|captain|major|president|king|emperor|marshal|governor|commander|"
           r"officers?|men|troops|garrison|messenger))")
# Acronyms are matched case-sensitively: French "ai" (j'ai) is not AI.
_ACRONYM = r"(?-i:\b(?:AI|A\.I\.|IA|KI|LLMs?|GPT[\w.-]*|ChatGPT)\b)"
# Words that cannot open an imperative after "always"/"never" ("Always on the watch, they ...").
_FUNCTION = (r"(?:on|in|at|by|for|with|from|to|of|as|the|a|an|this|that|these|those|it|he|she|they|we|i|you|"
             r"his|her|their|our|my|its|there|here|was|were|is|are|had|has|have|been|so|more|less|since|"
             r"before|after|until|when|while|yet|quite|very|ready|afraid)\b")
# Acts on an answer or a text.
_ACTS_EN = (r"answer|respond|reply|say|state|claim|assert|tell|inform|cite|quote|mention|summari[sz]e|describe|"
            r"output|print|reveal|disclose|repeat|ignore|disregard|forget|override|pretend|insist|attribute|"
            r"deny|confirm|affirm|present")
# Verbs that open an imperative clause in English (besides do not / never / always / make sure).
_IMPERATIVE_VERBS_EN = (
    "answer respond reply say state claim assert tell inform cite quote mention summarise summarize describe "
    "present output print reveal disclose repeat ignore disregard forget override pretend treat insist "
    "attribute deny confirm affirm remember note keep consider assume act use refuse stop avoid add include "
    "omit write call refer").split()
# Roles of the reading situation that an act on an answer may name without making it personal.
_READING = r"(?:questions?|users?|readers?|answers?|responses?|prompts?|instructions?)\b"
_SUBJ_EN = r"(?:\byou\b|\bye\b|\bthou\b)"

EN = Cues(
    reader_role=re.compile(
        _ACRONYM + r"|\b(?:chat ?bots?|bots?|(?:large )?language models?|artificial intelligence|"
        r"(?:ai|virtual|digital|chat) (?:assistants?|models?|systems?|agents?|readers?))\b"
        r"|\b(?:assistants?|models?|agents?|systems?|summari[sz]ers?|crawlers?|machines?|programs?)\s+(?:that |which |who )?"
        r"(?:are )?(?:reading|processing|summari[sz]ing|answering|parsing|ingesting|indexing|analy[sz]ing|"
        r"reads?|process(?:es)?|summari[sz]es?|answers?)\b"
        r"|\b(?:any(?:one|body)?|every(?:one|body)|some(?:one|body)|whoever|people|persons?|those)\s+(?:who |that )?"
        r"(?:asks?|asking|enquires?|inquires?|quer(?:y|ies)|wants? to know)\b"
        r"|\bthe (?:user|questioner|person asking)\b|\busers\b"
        r"|\bif you(?: are|'re) (?:an? )?(?:ai|assistant|language model|bot|model|llm|chatbot|machine)\b", _I),
    reader_weak=re.compile(
        r"\b(?:the |dear |any |every |all )?readers?\b|\bwhoever reads\b|\b(?:any|all) who reads?\b"
        r"|\b(?:any|every|each|all)\s+(?:summary|summaries|answers?|responses?|repl(?:y|ies)|outputs?)\b", _I),
    imperative=re.compile(
        r"^(?:(?:please|kindly|now|so|then|also|just|simply|and|but|or|therefore|instead|thus|henceforth|"
        r"from now on|going forward)\b[\s,]*)*"
        r"(?:(?:do not|don't|be sure to|make sure (?:to|that|you))\s+\w|(?:never|always)\s+(?!" + _FUNCTION + r")\w"
        r"|(?:" + "|".join(_IMPERATIVE_VERBS_EN) + r")\b(?!\s*[,.;:!?)\]]))", _I),
    obligation=re.compile(
        r"(?:" + _SUBJ_EN + r"|\b(?:assistants?|models?|systems?|readers?|summar(?:y|ies)|answers?|"
        r"responses?|repl(?:y|ies)|outputs?)\b)(?:\W+\w+){0,6}?\W+(?:must|should|shall|will|'ll|are to|is to|"
        r"need to|needs to|have to|has to|ought to|(?:are|is) (?:required|expected|asked|instructed|requested|"
        r"told|obliged|directed|kindly asked) to)\b"
        r"|\b(?:could|would|can|will) you (?:please |kindly )?\w"
        r"|\b(?:i|we) (?:kindly |respectfully |really )?(?:would like|want|need|ask|beg|urge|request|instruct|"
        r"expect|require)(?: that)? you\b"
        r"|\b(?:instructs?|asks?|requests?|directs?|tells?|orders?|requires?|wants?|expects?|urges?|reminds?)\s+"
        r"(?:all |any |every |each |the )?(?=" + _ACRONYM + r"|\w+ (?:assistants?|models?|readers?)|"
        r"assistants?|models?|readers?|you\b)"
        r"|\bit would be (?:great|helpful|appreciated|nice|best) if you\b|\bbe so kind as to\b", _I),
    answer_act=re.compile(
        r"(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bthis )(?<!\bthat )(?<!\bhis )(?<!\bher )(?<!\btheir )(?<!\bour )"
        r"(?<!\bmy )(?<!\byour )(?<!\bits )(?<!\bevery )(?<!\bany )(?<!\bno )(?<!\beach )"
        r"\b(?:" + _ACTS_EN + r")\b(?!\s*,\s*(?:\d|about|some|roughly|perhaps))", _I),
    discourse=re.compile(
        r"\b(?:instructions?|prompts?|rules|guidelines?|sources?|citations?|references|questions?|"
        r"context|conversation|chat)\b|\bthe above\b"
        r"|\b(?:this|the|these) (?:document|page|file|text|article|passage|website|site|note|corpus|message|"
        r"pdf|e-?book|material)s?\b", _I),
    standing=re.compile(
        r"\b(?:from now on|henceforth|going forward|from this point (?:on|forward)|whenever|every time|each time|"
        r"at all times|always|never|regardless|no matter (?:what|who|how|which)|without exception|"
        r"under (?:no|any) circumstances?|in all cases|in (?:every|all|any|each|your|all of your) "
        r"(?:answers?|responses?|repl(?:y|ies)|summar(?:y|ies)|outputs?))\b", _I),
    question=re.compile(  # the asker is generic ("anyone asks", "when asked"), not a person of the story
        r"\b(?:anyone|anybody|someone|somebody|everyone|everybody|people|users?|whoever|one)\s+(?:\w+\s+)?"
        r"(?:asks?|asking|enquires?|inquires?|quer(?:y|ies)|wants? to know)\b"
        r"|\b(?:when|if|whenever|once)\s+(?:you\s+are\s+|you're\s+|anyone\s+is\s+|it\s+is\s+)?asked\b(?!\s+by\b)"
        r"|\b(?:questions?|asks?)\s+(?:you\s+)?(?:about|regarding|concerning)\b", _I),
    content=re.compile(
        r"\b(?:" + _ACTS_EN + r"|report|write|treat|regard)\b(?:\s+[\w']+){0,4}?,?\s+(?:that|as|with)\b", _I),
    person=re.compile(
        r"(?-i:\bI\b)|\b(?:me|my|mine|we|us|our|ours)\b"
        r"|\b(?:tell|inform|answer|assure|notify|say to|reply to|write to|report to)\s+(?:" + _TITLES +
        r"|him\b|her\b|them\b|(?:the|his|her|their|our|your) (?!" + _READING + r"))"
        r"|\bthis (?:letter|dispatch|despatch|order|cable|telegram)\b"
        r"|\b(?:should|if|when|whenever|in case)\s+(?:the|an?|any|his|their)\s+(?!users?\b|readers?\b)\w+(?:\s+\w+)?\s+"
        r"(?:asks?|questions?|demands?|inquires?|enquires?)\b" +
        r"|(?-i:\b(?:tell|inform|answer|assure|notify)\s+[A-Z][a-z]+)|(?-i:^" + _TITLES + r"\b)", _I),
    reported=re.compile(
        r"\b(?:ordered|commanded|told|instructed|directed|bade|charged|enjoined|urged|required|authori[sz]ed|"
        r"desired|requested|begged|said|says|wrote|writes|replied|answered|declared|cried|shouted|called out|"
        r"telegraphed|cabled|sent word|(?-i:^[QA]\.\s)|gave (?:the |his |her |their )?orders?|(?:his|her|their|the|my|our) "
        r"orders? (?:was|were))\b", _I),
    gate=frozenset((
        "ai i llm llms gpt chatgpt you ye thou please kindly kind bot bots chatbot chatbots model models "
        "assistant assistants agent agents system systems intelligence summariser summarisers summarizer "
        "summarizers summary summaries crawler crawlers machine machines program programs ask asks asking "
        "enquire inquire enquires inquires query queries want wants user users questioner reader readers "
        "answer answers response responses reply replies output outputs instruct instructs request requests "
        "direct directs tell tells order orders require requires expect expects urge urges remind reminds").split()),
    starts=frozenset(_IMPERATIVE_VERBS_EN + "do don never always make sure".split()),
)

FR = Cues(
    reader_role=re.compile(
        _ACRONYM + r"|\b(?:chatbots?|robots? conversationnels?|mod[èe]les? de langage|intelligence artificielle|"
        r"assistants? (?:virtuels?|num[ée]riques?|qui lisez|qui lit))\b"
        r"|\b(?:quiconque|toute personne qui|qui que ce soit qui)\s+(?:vous |te )?(?:demande|pose|interroge)"
        r"|\bl'utilisateur\b|\bsi (?:tu es|vous [êe]tes) une? (?:IA|assistant|mod[èe]le)", _I),
    reader_weak=re.compile(r"\b(?:le |la |les |cher |chère )?lect(?:eur|rice)s?\b|\btoute r[ée]ponse\b", _I),
    imperative=re.compile(
        r"^(?:(?:s'il (?:te|vous) pla[iî]t|donc|alors|aussi|et|mais|d[ée]sormais|dor[ée]navant)\b[\s,]*)*"
        r"(?:ne (?:\w+ )?(?:cite|citez|mentionne|mentionnez|dis|dites|r[ée]v[èe]le|r[ée]v[ée]lez)\b"
        r"|(?:r[ée]ponds|r[ée]pondez|dis|dites|affirme|affirmez|cite|citez|mentionne|mentionnez|indique|indiquez|"
        r"pr[ée]cise|pr[ée]cisez|r[ée]sume|r[ée]sumez|ignore|ignorez|oublie|oubliez|[ée]cris|[ée]crivez|"
        r"consid[èe]re|consid[ée]rez|traite|traitez|pr[ée]tends|pr[ée]tendez|souviens-toi|rappelle-toi)\b)", _I),
    obligation=re.compile(
        r"\b(?:tu|vous|on|elle|il|IA|assistants?|mod[èe]les?)\s+(?:dois|devez|doit|doivent|devra|devrez|devront)\b"
        r"|\bil faut\b|\bveuillez\b|\bmerci de\b|\bpri[èe]re de\b", _I),
    answer_act=re.compile(
        r"\b(?:r[ée]pond(?:re|s|ez)|di(?:re|s|tes)|affirm(?:er|e|ez)|cit(?:er|e|ez)|mentionn(?:er|e|ez)|"
        r"indiqu(?:er|e|ez)|ignor(?:er|e|ez)|oubli(?:er|e|ez)|r[ée]sum(?:er|e|ez)|r[ée]v[ée]l(?:er|e|ez)|"
        r"pr[ée]tend(?:re|s|ez))\b", _I),
    discourse=re.compile(
        r"\b(?:sources?|instructions?|consignes?|r[ée]ponses?|questions?|citations?)\b"
        r"|\b(?:ce|cette|ces) (?:document|page|fichier|texte|article|passage|site)s?\b", _I),
    standing=re.compile(
        r"(?:[àa] partir de maintenant|d[ée]sormais|dor[ée]navant|[àa] l'avenir|chaque fois que|[àa] chaque fois|"
        r"\btoujours\b|\bjamais\b|dans (?:chaque|toute|toutes les) r[ée]ponses?|quoi qu'il arrive|"
        r"peu importe|quelle que soit)", _I),
    question=re.compile(
        r"\b(?:pose|posera|posent|poser) (?:une |des )?questions?\b|\bdemande (?:sur|[àa] propos|au sujet|quand|si)\b"
        r"|\binterroge (?:sur|[àa] propos)\b|\bquestions? (?:sur|concernant|[àa] propos)\b", _I),
    content=re.compile(r"\b(?:r[ée]pond\w*|di(?:re|s|tes)|affirm\w*|indiqu\w*|pr[ée]cis\w*)\s+(?:que|qu')", _I),
    person=re.compile(r"\b(?:je|j'|moi|nous|notre|nos|mon|ma|mes)\b|\b" + _TITLES, _I),
    reported=re.compile(
        r"\b(?:ordonna|ordonn[ée]|command(?:a|[ée])|prescrivit|enjoignit|dit|d[ée]clara|[ée]crivit|"
        r"r[ée]pondit|cria)\b", _I),
)

DE = Cues(
    reader_role=re.compile(
        _ACRONYM + r"|\b(?:Chatbots?|Sprachmodell(?:e|en)?|künstliche Intelligenz|KI-\w+|Assistenten?,? (?:der|die) "
        r"(?:dies|diesen|diese))\b|\b(?:wer|jeder, der|jemand, der)\s+(?:\w+ ){0,3}fragt\b"
        r"|\b(?:der |die )?(?:Be)?[Nn]utzer(?:in)?\b|\bfalls du eine? (?:KI|Assistent|Sprachmodell)", _I),
    reader_weak=re.compile(r"\b(?:der |die |liebe[r]? )?Leser(?:in|innen)?\b|\bjede Antwort\b", _I),
    imperative=re.compile(
        r"^(?:(?:bitte|also|dann|und|aber|ab sofort|von nun an|ab jetzt)\b[\s,]*)*"
        r"(?:(?:antworte|beantworte|sag|sage|behaupte|zitiere|nenne|erwähne|ignoriere|vergiss|verrate|fasse|"
        r"schreibe|schreib|behandle|tu so)\b"
        r"|(?:antworten|beantworten|sagen|behaupten|zitieren|nennen|erwähnen|ignorieren|vergessen) Sie\b)", _I),
    obligation=re.compile(
        r"\b(?:du|ihr|Sie|KI|Assistent(?:en)?|Modell(?:e)?)\s+(?:musst|müsst|müssen|sollst|sollt|sollen|soll|muss)\b"
        r"|\b(?:darfst|dürfen) (?:\w+ )?(?:nicht|keine?)\b", _I),
    answer_act=re.compile(
        r"\b(?:antwort(?:e|en|et)|beantwort(?:e|en|et)|sag(?:e|en|t)?|behaupt(?:e|en|et)|zitier(?:e|en|t)|"
        r"nenn(?:e|en|t)|erwähn(?:e|en|t)|ignorier(?:e|en|t)|vergiss|vergessen|verrat(?:e|en)|zusammenfass\w*)\b", _I),
    discourse=re.compile(
        r"\b(?:Quellen?|Anweisungen?|Antworten?|Fragen?|Zitate?)\b"
        r"|\b(?:dieses|diese|dieser|diesem) (?:Dokument|Seite|Datei|Text|Artikel|Abschnitt)\b", _I),
    standing=re.compile(
        r"\b(?:ab sofort|von nun an|ab jetzt|künftig|zukünftig|immer wenn|jedes ?mal|stets|immer|niemals|nie|"
        r"in jeder Antwort|egal (?:was|wer|wie)|unabhängig davon)\b", _I),
    question=re.compile(
        r"\bfragt (?:\w+ ){0,3}(?:nach|über|wann|ob)\b|\bgefragt (?:wird|werden|wirst)\b"
        r"|\bFragen? (?:nach|zu|über|zum|zur)\b|\bnach (?:dem|der|den) \w+ fragt\b", _I),
    content=re.compile(r"\b(?:antwort\w*|sag\w*|behaupt\w*|erklär\w*)\s*,?\s+dass\b", _I),
    person=re.compile(r"\b(?:ich|mich|mir|mein\w*|wir|uns|unser\w*)\b|\b" + _TITLES, _I),
    reported=re.compile(r"\b(?:befahl|befahlen|befohlen|ordnete|wies|sagte|schrieb|antwortete|rief)\b", _I),
)

LANGUAGES: dict[str, Cues] = {"en": EN, "fr": FR, "de": DE}
