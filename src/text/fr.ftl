# Catalogue français de suivi : tout ce qu'une personne lit.
# Les identifiants ne changent pas ; les textes peuvent être retouchés librement.

## Langue, dates et délais

invalid-lang = langue « { $value } » inconnue : fr ou en
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
long-date = { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }
when-today = aujourd'hui
when-in = dans { $days } { $days ->
    [1] jour
   *[other] jours
}
when-late = en retard de { $days } { $days ->
    [1] jour
   *[other] jours
}

## Mots pour les identifiants

status-non_executee = non exécutée
status-en_cours = en cours
status-executee = exécutée
report-status-executed = Exécutée (1)
report-status-in_progress = En cours (2)
report-status-not_executed = Non exécutée (3)
activity-status-planned = prévue
activity-status-executed = 1. OUI
activity-status-not_executed = 2. NON
budget-line-bsi = BSI
budget-line-fonctionnement = Fonctionnement
budget-line-total = Total
credit-kind-allotted = accordé
credit-kind-notified = notifié
credit-kind-engaged = engagé
credit-kind-liquidated = liquidé
role-director = directeur
role-cps = agent de la CPS
role-structure = point focal
role-reader = lecteur
outbox-status-pending = en attente
outbox-status-sent = envoyé
outbox-status-dead = au rebut
item-kind-recommendation = Recommandation
item-kind-revue_step = Étape de revue
item-kind-deadline = Échéance du calendrier harmonisé
item-kind-activity = Activité
event-RecommendationFormulated = formulation
event-RecommendationStatusChanged = changement de statut
event-RecommendationCarriedOver = reconduction
event-RecommendationContinuedFrom = reprise
event-RecommendationReminderSent = relance
event-ActivityPlanned = programmation
event-ActivityExecuted = exécution
event-ActivityNotExecuted = non-exécution
event-ActivityCostRecorded = coût
event-ActivityCarriedOver = reprogrammation
event-ActivityContinuedFrom = reprise
event-CreditRecorded = crédit
event-RevueOpened = ouverture de revue
event-RevueStepCompleted = étape achevée
event-RevueReminderSent = relance
event-DeadlineMet = échéance atteinte
event-DeadlineReminderSent = relance

## Historiques

history-formulated = formulée : « { $text } » ; structures : { $structures }
history-formulated-due = formulée : « { $text } » ; structures : { $structures } ; échéance : { $due }
history-status = statut : { $from } → { $to }
history-document-withdrawn = pièce « { $name } » retirée : { $reason }
history-recommendation-carried-over = reconduite à la session { $session } sous le n° { $number }
history-recommendation-continues = reprend la recommandation n° { $number } de la session { $session }
history-reminder = relance du { $day } envoyée à { $to } ; message { $id }
history-reminder-cc = relance du { $day } envoyée à { $to } (copie : { $cc }) ; message { $id }
history-planned = programmée : « { $title } » ; budget : { $budget }
history-effective = { $change }, avec effet au { $day }
history-executed = exécutée
history-executed-in = exécutée ({ $period })
history-not-executed = non exécutée : { $reason }
history-cost = coût : engagé { $engaged } F CFA, liquidé { $liquidated } F CFA
history-activity-carried-over = reprogrammée dans le plan { $year } sous le code { $code }
history-activity-continues = reprend l'activité { $code } du plan { $year }
history-progress = avancement de { $percent } % au { $day }
history-indicator = indicateur : cible { $target }, réalisé { $achieved }

## Messages généraux

none = aucun
about = { $subject } : { $message }
located = { $location }: { $message }
located-column = { $location }: colonne « { $column } »: { $message }
forbidden = votre rôle ne permet pas cette action
write-conflict = une autre écriture a modifié les mêmes données au même moment ; relancez la commande
unknown-code = « { $value } » inconnu ; valeurs permises : { $allowed }
clock-invalid = { $variable } « { $value } » invalide : attendu AAAA-MM-JJTHH:MM:SSZ
smtp-url-invalid = SUIVI_SMTP_URL invalide : { $error }
file-unreadable = lecture impossible : { $error }
file-unwritable = { $path } : écriture impossible ({ $error })
toml-error = { $detail }
date-invalid = date « { $value } » invalide : attendu AAAA-MM-JJ
public-url-invalid = adresse publique « { $value } » invalide : une adresse http:// ou https:// sans espace, sans « ? » ni « # », par exemple « https://suivi.example.org »
email-invalid = adresse électronique « { $address } » invalide

## Valeurs

invalid-year = « { $value } » n'est pas une année (ex. 2024)
invalid-year-range = année { $value } hors de la plage 2000–2100
invalid-activity-code = code d'activité « { $value } » invalide : attendu des nombres séparés par des points (ex. 1.1.3)
invalid-structure-code = code de structure « { $value } » invalide : lettres, chiffres et / - _ . seulement
invalid-project-code = code de projet « { $value } » invalide : lettres, chiffres et / - _ . seulement (32 au plus)
invalid-mission-name = nom de mission « { $value } » invalide : minuscules, chiffres et - (20 au plus), sans espace (caire, rabat)
invalid-session = session « { $value } » invalide : lettres, chiffres et - _ . seulement (ex. 2024)
invalid-budget = budget « { $value } » invalide : un entier en milliers de F CFA (au plus 1 000 000 000 000), « PM » ou vide
invalid-months = mois « { $value } » invalide : des numéros de 1 à 12 et des plages, ex. « 1-3 6 »
invalid-amount = montant « { $value } » invalide : un entier positif en F CFA, au plus 1 000 000 000 000 000
invalid-rate = taux « { $value } » invalide : un pourcentage de 0 à 100, deux décimales au plus (64,71)

## Refus du domaine

activity-not-found = l'activité n'existe pas dans ce plan
activity-unknown = l'activité { $code } du plan { $year } n'existe pas
activity-already-planned = l'activité { $code } du plan { $year } existe déjà avec un autre contenu
activity-empty-title = une activité doit avoir un intitulé
activity-reason-required = la raison de la non-exécution est obligatoire
activity-liquidated-above-engaged = le montant liquidé ({ $liquidated }) dépasse le montant engagé ({ $engaged })
activity-carry-over-executed = une activité exécutée ne peut pas être reprogrammée
activity-carry-over-backwards = une activité ne peut être reprogrammée que vers une année suivante
activity-already-carried-over = l'activité a déjà été reprogrammée vers l'activité { $code } du plan { $year }
activity-already-continues = l'activité continue déjà l'activité { $code } du plan { $year }
activity-percent-above-100 = avancement de { $percent } % : il va de 0 à 100
activity-progress-backwards = l'avancement recule de { $from } % à { $to } % : dites pourquoi dans une note
activity-indicator-empty = donnez une cible (--target), une valeur réalisée (--achieved), ou les deux
recommendation-not-found = la recommandation n'existe pas
recommendation-unknown = la recommandation { $id } n'existe pas
recommendation-already-exists = la recommandation { $id } existe déjà avec un autre contenu
recommendation-empty-text = une recommandation doit avoir un texte
recommendation-no-structure = une recommandation doit avoir au moins une structure responsable
recommendation-same-status = la recommandation est déjà au statut « { $status } »
recommendation-transition-not-allowed = passage de « { $from } » à « { $to } » non permis ; depuis « { $from } » : { $allowed }
recommendation-comment-required = le passage de « { $from } » à « { $to } » exige un commentaire
recommendation-evidence-required = le passage de « { $from } » à « { $to } » exige une pièce justificative
recommendation-carry-over-executed = une recommandation exécutée ne peut pas être reconduite
recommendation-already-carried-over = la recommandation a déjà été reconduite vers la { $id }
recommendation-carry-over-to-self = une recommandation ne peut pas être reconduite vers elle-même
recommendation-already-continues = la recommandation continue déjà la { $id }
document-unknown = cette pièce n'est pas jointe à la recommandation
document-already-withdrawn = cette pièce a déjà été retirée
document-reason-required = le retrait d'une pièce exige sa raison
document-withdrawn = cette pièce a été retirée : { $reason }
document-type-refused = « { $name } » n'est pas d'un type accepté ; sont acceptés : PDF, images (PNG, JPEG, WebP), Word (doc, docx, rtf, odt), Excel (xls, xlsx, ods), PowerPoint (ppt, pptx, odp)
document-too-large = « { $name } » dépasse la taille permise de { $mib } Mo par pièce
document-too-many = au plus { $max } pièces par changement de statut
document-body-too-large = l'envoi dépasse ce qui est permis : au plus { $max } pièces de { $mib } Mo chacune ; rien n'a été enregistré
page-form-unreadable = le formulaire n'a pas pu être lu en entier (envoi interrompu ?) ; rien n'a été enregistré, réessayez
document-bytes-missing = le contenu de la pièce « { $name } » manque dans la base
revue-not-found = la revue n'a pas été ouverte
revue-no-such-session = la session { $number } n'existe pas : ce type de revue se tient { $sessions } fois par an (sessions dans workflows/revues.toml)
revue-already-opened = la revue est déjà ouverte
revue-unknown-step = étape « { $step } » inconnue ; étapes de cette revue : { $known }
revue-step-already-completed = l'étape « { $step } » est déjà achevée
revue-kind-unknown = type de revue « { $kind } » inconnu ; types connus : { $known }
credits-wrong-year = ces crédits sont ceux de { $own }, pas de { $other }
deadline-already-met = l'échéance est déjà marquée atteinte le { $day }
deadline-label-required = une échéance doit avoir un intitulé
deadline-date-required = une échéance a sa date
deadline-window-reversed = le début de la période doit précéder l'échéance
deadline-structure-required = une échéance concerne au moins une structure
deadline-unsourced = une date vient d'un document (sa source) ou est marquée « estimée »
deadline-reason-required = retirer ou clore une échéance exige une raison
deadline-year-past = le calendrier { $year } est celui d'une année passée : il ne change plus ici
deadline-id-invalid = identifiant « { $id } » invalide : lettres minuscules, chiffres et « _ » seulement
deadline-unknown = échéance « { $id } » absente du calendrier { $year } ; échéances : { $known }
deadline-is-revue-step = cette échéance est l'étape « { $step } » de la revue { $kind } { $year } : suivi revue complete-step --kind { $kind } --year { $year } --step { $step }
structure-unknown = structure « { $code } » inconnue ; structures connues : { $known }
structure-not-visible = aucune structure « { $code } » parmi celles que vous suivez
session-unknown = session « { $session } » inconnue : aucune recommandation ; sessions connues : { $known }
session-unknown-none = session « { $session } » inconnue : aucune recommandation enregistrée
session-empty-as-of = aucune recommandation de la session « { $session } » au { $day }
calendar-missing = pas de calendrier harmonisé pour { $year } : ajoutez config/calendar/{ $year }.toml
anchor-invalid = ancre « { $anchor } » invalide : attendu EMPREINTE@POSITION (64 chiffres hexadécimaux, @, un entier)
director-missing = aucun directeur dans config/reminders.toml (director = …)
snapshot-year-open = l'année { $year } n'est pas finie : sa photographie se prend une fois l'année close (31 décembre à 23:59:59, heure de Bamako)
snapshot-missing = pas de photographie { $year } : suivi snapshot take --year { $year }
reminder-not-recorded = relance envoyée mais non inscrite dans l'historique après 5 conflits d'écriture
reminder-reason = Relance du { $day }

## Utilisateurs et jetons

user-name-invalid = nom d'utilisateur invalide : 1 à 64 lettres sans accent, chiffres, « . », « - », « _ » ou « @ », sans point au début
password-too-short = mot de passe trop court : 10 caractères au moins
user-structure-required = un point focal (rôle structure) a besoin d'une structure
user-structure-forbidden = seul le rôle structure a une structure
user-exists = l'utilisateur « { $name } » existe déjà
user-unknown = utilisateur « { $name } » inconnu
user-unknown-or-disabled = utilisateur « { $name } » inconnu ou désactivé
token-unknown = jeton « { $id } » inconnu ou déjà révoqué

## Intégrité

chain-broken = journal rompu à la position { $position } ({ $aggregate }) : { $reason }
chain-missing = événement(s) manquant(s) : position { $expected } attendue, { $found } trouvée
chain-unhashed = événement sans empreinte : écrit hors de suivi
chain-changed = empreinte différente : contenu, métadonnées ou ordre modifiés
chain-document-changed = le contenu de la pièce jointe « { $name } » ne correspond plus à l'empreinte { $sha256 } que son événement enregistre
chain-document-missing = le contenu de la pièce jointe « { $name } » (empreinte { $sha256 }) a disparu sans retrait enregistré
chain-document-kept = le contenu de la pièce jointe « { $name } » (empreinte { $sha256 }) est encore gardé alors que son retrait est enregistré
chain-document-unnamed = un contenu d'empreinte { $sha256 } est gardé sans qu'aucun événement ne le joigne
chain-anchor-changed = l'ancre { $anchor } ne correspond plus à cet événement
chain-head-mismatch = la tête du journal ({ $head }) ne correspond pas au dernier événement ({ $last }) : fin du journal tronquée ou modifiée
chain-anchor-missing = l'ancre { $anchor } désigne un événement absent : journal tronqué
snapshot-broken = photographie { $year } non conforme : { $reason }
snapshot-content-changed = l'empreinte du contenu ne correspond plus : la photographie a été modifiée
snapshot-head-moved = le journal au 31/12 ne finit plus au même événement ({ $stored } enregistré, { $recomputed } recalculé)
snapshot-tables-differ = les tableaux recalculés à partir des événements diffèrent de la photographie

## Fichiers importés

import-errors = { $lines }
    Rien n'a été importé.
import-errors-more = { $lines }
    … et { $more } autre(s) erreur(s), non listée(s)
    Rien n'a été importé.
import-too-many-rows = plus de { $max } lignes : un fichier importé en a au plus { $max } ; rien au-delà n'a été lu
import-too-many-columns = une case au-delà de la colonne { $max } : un fichier importé a au plus { $max } colonnes ; videz ou supprimez les colonnes en trop
import-workbook-too-large = le classeur occupe { $mib } Mio une fois décompressé, plus que les { $max } Mio permis ; gardez la seule feuille à importer
import-not-utf8 = le fichier n'est pas en UTF-8 ; dans Excel, enregistrez-le en « CSV UTF-8 »
import-format-unknown = format « { $ext } » non pris en charge : fichiers .csv ou .xlsx seulement
import-csv-unreadable = CSV illisible : { $error }
import-workbook-unreadable = classeur illisible : { $error }
import-workbook-empty = le classeur n'a aucune feuille
import-empty = le fichier est vide : il faut une ligne d'en-tête
import-header-unknown = en-tête inconnu ; en-têtes permis : { $known }
import-header-separator = en-tête inconnu (le séparateur doit être « ; » ou « , ») ; en-têtes permis : { $known }
import-column-missing = colonne obligatoire absente ; en-têtes trouvés : { $found }
import-title-empty = l'intitulé de l'activité est vide
import-code-twice = code { $code } en double : déjà utilisé ligne { $first } pour l'année { $year }
import-no-activity = aucune activité dans le fichier
import-number-invalid = numéro « { $value } » invalide : un entier à partir de 1
import-number-twice = numéro { $number } en double : déjà utilisé ligne { $first }
import-date-invalid = date « { $value } » invalide : AAAA-MM-JJ ou JJ/MM/AAAA

## Configuration

template-invalid = modèle invalide : { $detail }

config-year-close-invalid = year_close « { $value } » : un jour de l'année suivante au format MM-JJ (« 02-15 » pour le 15 février), pas le 29 février
config-cps-invalid = code de la CPS « { $code } » invalide (cps = …)
structure-twice = structure « { $code } » déclarée deux fois
calendar-wrong-year = année { $found } dans le fichier de { $year }
calendar-deadline-twice = échéance « { $id } » déclarée deux fois
calendar-window-backwards = la fin de la période précède son début
calendar-date-or-window = échéance « { $id } » : donnez soit « date », soit « from » et « to »
calendar-revue-and-step = échéance « { $id } » : « revue » et « step » vont ensemble
calendar-no-structure = échéance « { $id } » : au moins une structure
calendar-session-needs-revue = échéance « { $id } » : session (à partir de 1) va avec revue et step
calendar-source-or-estimated = échéance « { $id } » : indiquez soit source = "…" (le document et la page d'où vient la date), soit estimated = true
cron-invalid = expression cron « { $value } » invalide ({ $error }) ; ex. "0 0 8 * * Mon-Fri"
workflow-self-transition = passage de { $from } vers lui-même
workflow-transition-twice = passage de { $from } à { $to } déclaré deux fois
workflow-identifier-invalid = { $what } « { $value } » invalide : minuscules, chiffres et _ seulement
workflow-what-kind = type de revue
workflow-what-step = étape
workflow-step-twice = étape « { $step } » déclarée deux fois
workflow-deadline-invalid = échéance « { $value } » invalide : attendu "MM-JJ", ex. "04-30"
workflow-default-due-invalid = échéance par défaut « { $value } » invalide : attendu « MM-JJ » dans l'année de la session, par exemple « 12-31 », ou « aucune »
workflow-sessions-invalid = sessions = { $value } : de 1 à 12 par an
workflow-kind-twice = type de revue « { $kind } » déclaré deux fois

## Tableaux du rapport

table3-title = Tableau 3 : État d'exécution des activités du plan d'action { $year }
table3-summary = Sur les { $planned } activités programmées, { $executed } ont été exécutées et { $not_executed } non exécutées, soit un taux d'exécution de { $rate }.
    Coût total des activités : { $total } milliers de F CFA ({ $budgeted } activités chiffrées, les autres PM).
table4-title = Tableau 4 : État d'exécution des recommandations de la session { $session }
table4-summary = Sur les { $total } recommandations de la session { $session } : { $executed } { $executed ->
    [one] exécutée
   *[other] exécutées
}, { $in_progress } en cours, { $not_executed } non { $not_executed ->
    [one] exécutée
   *[other] exécutées
}.
finances-title = Exécution financière { $year } (F CFA)
finances-rate = Taux d'exécution (engagé / notifié) : { $rate }
table-plain = { $value }
table-estimated-value = { $value } *
table-estimated-legend = * montant estimé : calculé ou supposé, il n'est pas lu dans un document.
table-total = TOTAL
table-progress = { $percent } % au { $day }
table-percent = { $percent } %
col-note = NOTE
col-code = CODE
col-objectives = OBJECTIFS
col-results = RÉSULTATS
col-activities = ACTIVITÉS
col-budget = BUDGET (milliers F CFA)
col-executed-yes-no = EXÉCUTÉE 1. OUI ; 2. NON
col-period = PÉRIODE D'EXÉCUTION
col-observations = OBSERVATIONS
col-number = N°
col-recommendations = RECOMMANDATIONS
col-structures = STRUCTURES RESPONSABLES
col-structure = STRUCTURE
deadline-default = { $date } (échéance par défaut)
deadline-estimated = { $date } (date estimée)
col-due = ÉCHÉANCE
col-source = SOURCE
col-executed-1 = Exécuté (1)
col-in-progress-2 = En cours (2)
col-not-executed-3 = Non (3)
col-line = LIGNE
col-allotted = ACCORDÉ (arbitrage)
col-notified = NOTIFIÉ
col-engaged = ENGAGÉ
col-liquidated = LIQUIDÉ
col-at = DATE ET HEURE (Bamako)
col-ref = RÉF.
col-actor = AUTEUR
col-change = CHANGEMENT
col-comment = COMMENTAIRE
col-evidence = PIÈCE
col-reason = MOTIF
col-day = JOUR
col-status = STATUT
col-attempts = ESSAIS
col-recipients = DESTINATAIRES
col-last-error = DERNIÈRE ERREUR
col-deadline = ÉCHÉANCE
col-date = DATE
col-working-day = JOUR OUVRÉ
provenance-now = Situation au { $day } à { $time } (heure de Bamako)
provenance-as-of = Situation au { $day }, selon les dates des faits
provenance-recorded-by = Situation au { $day }, selon les dates des faits, d'après le journal tel qu'il était à la fin du { $read }
provenance-log = Calculé du journal des événements jusqu'à l'événement n° { $position } (empreinte { $hash }…)
xlsx-planned = Activités programmées
xlsx-executed = Activités exécutées
xlsx-rate = Taux d'exécution
xlsx-total-cost = Coût total (milliers F CFA)
xlsx-total = Total
xlsx-recommendations-executed = Exécutées
xlsx-recommendations-in-progress = En cours
xlsx-recommendations-not-executed = Non exécutées
xlsx-finances-rate = Taux d'exécution (engagé / notifié)
progress-title = Avancement du plan d'action { $year }, trimestre { $quarter }, au { $day }
progress-summary = { $late } en retard, { $on_track } dans les temps, { $done } { $done ->
    [one] réalisée
   *[other] réalisées
}, { $not_executed } non { $not_executed ->
    [one] exécutée
   *[other] exécutées
}.
progress-late = { $status }, EN RETARD
progress-late-mark = en retard
progress-status-planned = non commencée
progress-status-in_progress = en cours
progress-status-executed = réalisée
progress-status-not_executed = non exécutée
moment = { $day } à { $time }
months-range = { $from } à { $to }
months-estimated = { $months } (estimés)
sheet-progress-objectives = Avancement { $year } par objectif
sheet-progress-units = Avancement { $year } par unité
sheet-progress = Avancement { $year }
col-months = MOIS
col-progress = AVANCEMENT
col-unit = UNITÉ
col-count = ACTIVITÉS
col-late = EN RETARD
col-on-track = DANS LES TEMPS
col-done = RÉALISÉES
col-not-executed = NON EXÉCUTÉES
indicator-target = cible : { $value }
indicator-achieved = réalisé : { $value }
page-year-closing = L'année { $year } est en clôture : ce qui est enregistré avant le { $day } compte encore pour elle ; sa photographie sera prise ce jour-là.
page-effective-date = Date d'effet (vide : aujourd'hui)
page-date-invalid = La date doit s'écrire AAAA-MM-JJ.
page-progress = Avancement
page-quarter = Trimestre
page-responsible = Responsable
page-months = Mois
page-late = en retard
page-late-n = En retard
page-progress-note = Ce qui a été fait
page-by-unit = Par unité responsable
page-by-objective = Par objectif
page-count = Activités
page-on-track = Dans les temps
page-done = Réalisées
page-not-executed = Non exécutées
page-plan-xlsx = Plan d'action (XLSX)
page-late-activities = Activités en retard
page-see-progress = Voir l'avancement du plan
page-indicator = Indicateur
page-target = Cible
page-achieved = Réalisé
page-engaged = Engagé (F CFA)
page-liquidated = Liquidé (F CFA)
page-cost-total = Total des coûts des activités
col-indicators = INDICATEURS
finances-activity_costs = Coûts enregistrés sur les activités
finances-difference = Écart (crédits − activités)
plan-title = Plan d'action { $year }
plan-estimated-months = e : mois estimés, que le plan ne donne pas.
sheet-plan = Plan { $year }
sheet-activities = Activités { $year }
sheet-recommendations = Recommandations { $session }
sheet-finances = Finances { $year }
activity-lineage-status-planned = prévue
activity-lineage-status-executed = exécutée
activity-lineage-status-not_executed = non exécutée

## Relances

item-action-recommendation = informer la CPS/SCI de l'état d'exécution (exécutée ou en cours), avec la référence de la pièce justificative.
item-action-deadline = transmettre à la CPS/SCI le document ou les données attendus avant l'échéance.
item-action-activity = indiquer dans suivi l'avancement de l'activité (en %), ou sa réalisation, avant la fin de son dernier mois prévu.
item-recommendation-reference = n° { $number } de la session { $session }
item-activity-reference = { $code } du plan d'action { $year }
item-window = { $text } (du { $from } au { $to })
anchor-mail-subject = Ancre du journal suivi – position { $position }
anchor-mail-text = Ancre du journal de suivi de la { $cps } au { $at } :

    { $anchor }

    Conservez ce message : la commande « suivi audit verify --anchor { $anchor } » vérifie que l'historique enregistré jusqu'à cette position n'a pas été modifié.
anchor-mail-html = <p>Ancre du journal de suivi de la { $cps } au { $at } :</p><p><code>{ $anchor }</code></p><p>Conservez ce message : <code>suivi audit verify --anchor { $anchor }</code> vérifie que l'historique enregistré jusqu'à cette position n'a pas été modifié.</p>
ics-name = suivi – échéances { $code }
ics-summary-numbered = { $kind } { $reference } : { $text }
ics-summary = { $kind } : { $text }
ics-description = { $name } ({ $code }) – échéance du { $deadline }

## Ligne de commande

cli-unknown-actor = inconnu
cli-produces-of-required = --of donne l'année du document (le rapport de suivi du plan d'action 2022 : --of 2022)
cli-error = Erreur :
cli-conflict = Conflit :
cli-integrity = Intégrité :
cli-failure = Échec :
cli-option-hint = (option --{ $option })
cli-not-in-script = « serve » et « demo » ne peuvent pas être lancées depuis un script de démonstration
cli-nothing-to-change = Rien à changer : c'était déjà enregistré.
cli-recorded = Enregistré ({ $events } événement(s)).
cli-what-activities = activités
cli-what-recommendations = recommandations
cli-import-nothing-new = Rien de nouveau : les { $rows } { $what } du fichier étaient déjà enregistrées.
cli-imported = { $rows } { $what } importées ({ $events } événements enregistrés).
cli-activity-carried-over = Reprogrammée comme activité { $code } du plan { $year }.
cli-revue-opened = Revue { $revue } ouverte.
cli-revue-line = { $label } { $year } — session { $session } ({ $count } recommandation(s))
cli-step-line = {"  "}- { $step } [échéance { $deadline }] : { $done }
cli-step-done = achevée le { $date }
cli-step-done-document = achevée le { $date } ({ $document })
cli-step-to-do = à faire
cli-no-revue = Aucune revue pour cette année.
cli-events = événements
cli-rebuilt = Projections reconstruites à partir de { $events } événements.
cli-file-written = Fichier écrit : { $path }
cli-xlsx-needs-output = --format xlsx écrit un classeur : donnez son nom
cli-history-of = Historique de { $reference }
cli-lineage = Filiation : { $lineage }
cli-open-since-session = Ouverte depuis la session { $since }
cli-open-since-plan = Ouverte depuis le plan { $since }
cli-chain-intact = Journal intact : { $events } événements ; tête { $head }.
cli-anchor-sent = Envoyée au directeur ({ $sent } envoyé(s), { $retried } à réessayer).
cli-snapshot-taken = Photographie { $year } prise : situation au { $as_of }, journal { $head }.
cli-snapshot-exists = La photographie { $year } existe déjà (prise le { $day } par { $by }) ; elle n'est jamais refaite.
cli-no-snapshot = Aucune photographie.
cli-snapshot-heading = Photographie { $year } — situation au { $as_of } — { $head }
cli-adjustments = Ajustements enregistrés après la clôture (non inclus) :
cli-snapshot-intact = Photographie { $year } conforme aux événements.
cli-no-reminder = Aucune relance le { $day }.
cli-reminders-run = Relances du { $day } : { $queued } courrier(s) mis en file ; { $sent } envoyé(s), { $retried } à réessayer, { $dead } au rebut ({ $transport }).
cli-reminders-retried = { $count ->
    [0] Aucun courrier au rebut à remettre en file.
    [one] 1 courrier remis en file : il partira à la prochaine tournée d'envoi.
   *[other] { $count } courriers remis en file : ils partiront à la prochaine tournée d'envoi.
}
cli-following-since = suivi relance depuis le { $day } : les échéances du calendrier antérieures ne sont jamais relancées.
cli-calendar-closed = Calendrier { $year } clos : { $count ->
    [0] aucune échéance n'était encore relancée.
    [one] une échéance n'est plus relancée.
   *[other] { $count } échéances ne sont plus relancées.
}
following-reason-required = déplacer le jour depuis lequel suivi relance exige une raison
calendar-close-current = le calendrier { $year } est celui de l'année en cours ou d'une année à venir : seul celui d'une année passée se clôt
schema-too-new-copy = la base a été mise à jour par une version plus récente de suivi (schéma { $found }, celui de cette version : { $known }) : réinstallez cette version-là, ou arrêtez le service et remettez à la place de la base la copie prise avant sa mise à jour, { $copy }
schema-too-new = la base a été mise à jour par une version plus récente de suivi (schéma { $found }, celui de cette version : { $known }) : réinstallez cette version-là, ou restaurez la copie de la base prise avant sa mise à jour
schema-too-new-postgres = la base a été mise à jour par une version plus récente de suivi (schéma { $found }, celui de cette version : { $known }) : réinstallez cette version-là, ou restaurez la sauvegarde pg_dump prise avant sa mise à jour (pg_restore --clean)
service-user-missing = l'utilisateur « { $user } » du service manque : réinstallez le paquet suivi
service-user-failed = impossible de devenir l'utilisateur « { $user } » du service : { $error }
service-user-setting-ignored = Note : { $variable } de l'environnement est ignoré ; en root, suivi agit comme le service, avec ses réglages ({ $file }). Pour une autre base, donnez --database.
cli-calendar-title = Calendrier harmonisé { $year }
cli-user-added = Utilisateur « { $name } » ajouté ({ $role }).
cli-disabled = (désactivé)
cli-user-disabled = Utilisateur « { $name } » désactivé.
cli-token-created = { $token }
    (identifiant { $id } ; ce jeton n'est affiché qu'une fois, seule son empreinte est conservée)
cli-token-revoked = Jeton { $id } révoqué.
demo-script-unreadable = { $path } : lecture impossible ({ $error }) ; lancez la démonstration depuis la racine du dépôt
demo-database-not-empty = la base de démonstration n'est pas vide : donnez une base neuve avec --database
demo-date-invalid = { $location }: date « { $value } » invalide (AAAA-MM-JJTHH:MM:SSZ)
demo-unclosed-quote = { $location }: guillemets non fermés
demo-done = Base de démonstration : { $database }
    Essayez : suivi --database { $database } report recommendations --session 2024 --format json
transport-smtp = SMTP
transport-files = fichiers .eml dans { $dir }

## API

api-unauthorized = authentification requise : jeton (Authorization: Bearer …) ou session
api-internal = erreur interne ; elle est consignée dans le journal du serveur
api-unknown-path = adresse inconnue ; voir /api/openapi.json

## Pages

page-dashboard = Tableau de bord
page-activities = Activités
page-recommendations = Recommandations
page-logout = Se déconnecter
page-login = Connexion
page-user_name = Nom d'utilisateur
page-password = Mot de passe
page-execution_rate = Taux d'exécution du plan
page-executed_of_planned = activités exécutées sur les programmées
page-session = session
page-see_table = Voir le tableau
page-overdue = Échéances dépassées
page-next_deadlines = Prochaines échéances
page-item = Objet
page-deadline = Échéance
page-days_late = Jours de retard
page-structures = Structures responsables
page-none = Rien pour l'instant.
page-table3 = Tableau 3 : État d'exécution des activités du plan d'action
page-table4 = Tableau 4 : État d'exécution des recommandations de la session
page-code = Code
page-activity = Activité
page-budget = Budget (milliers F CFA)
page-executed = Exécutée
page-period = Période d'exécution
page-observations = Observations
page-change = Modifier
page-yes = OUI
page-no = NON
page-period_or_reason = période ou raison
page-save = Enregistrer
page-number = N°
page-recommendation = Recommandation
page-status = Situation
page-in_progress = En cours
page-executed_rec = Exécutée
page-not_executed_rec = Non exécutée
page-executed_n = exécutées
page-in_progress_n = en cours
page-not_executed_n = non exécutées
page-comment = Commentaire
page-evidence = Pièce justificative
page-reason = Motif
page-lineage = Filiation
page-open_since = Ouverte depuis la session
page-history = Historique
page-calendar_feed = Abonnement au calendrier
page-items = À suivre
page-situation = Situation
page-internal = Erreur interne ; elle est consignée.
page-forbidden = Votre rôle ne permet pas d'ouvrir cette page.
page-form-expired = Formulaire expiré : rechargez la page.
page-wrong-password = Nom ou mot de passe incorrect.
page-no-plan = Aucun plan enregistré.
page-no-recommendation = Aucune recommandation enregistrée.
page-no-such-file = Fichier inconnu : { $file }
page-year-required = l'année est obligatoire
page-session-required = la session est obligatoire
chart-rates-label = taux d'exécution par année
chart-status-label = recommandations par statut
chart-objectives-label = taux d'exécution par objectif
chart-finances-label = exécution financière par ligne budgétaire
chart-executed = Exécutées
chart-in-progress = En cours
chart-not-executed = Non exécutées
outbox-unknown = aucun courrier n° { $id } dans la file d'envoi
outbox-not-dead = le courrier n° { $id } est « { $status } » : seuls les courriers mis au rebut peuvent être renvoyés
api-csrf-required = une modification par l'API depuis une session web doit porter le jeton de la session dans l'en-tête X-CSRF-Token (ou utilisez un jeton d'API : Authorization: Bearer …)
api-json-content-type = le corps doit être du JSON, envoyé avec l'en-tête Content-Type: application/json
api-json-invalid = le corps JSON ne correspond pas aux champs attendus : { $detail }
api-json-unreadable = le corps n'est pas du JSON lisible : { $detail }
api-body-too-large = le corps de la requête dépasse la taille permise (voir [http] dans suivi.toml)
api-csv-content-type = le fichier doit être envoyé en CSV, avec l'en-tête Content-Type: text/csv
api-csv-unreadable = le fichier n'est pas du texte UTF-8 lisible
login-too-many = Trop de tentatives de connexion échouées depuis cette adresse : réessayez dans { $seconds } seconde(s).
login-busy = Le serveur vérifie déjà beaucoup de mots de passe : réessayez dans un instant.
page-login-needs-https = Connexion impossible en HTTP simple depuis une autre machine : le navigateur refuse de garder le cookie de session, qui est réservé aux connexions sûres. Ouvrez suivi en https:// (certificat et clé dans la section [http] de suivi.toml, ou un serveur mandataire HTTPS devant suivi), ou depuis la machine du serveur elle-même à l'adresse http://127.0.0.1.
page-login-cross-site = cette connexion vient d'un autre site : ouvrez suivi à son adresse et connectez-vous depuis sa page
text-too-long = texte trop long : { $length } caractères, au plus { $max }
text-noncharacter = ce texte contient un caractère qu'aucun document ne peut porter (U+FFFE ou U+FFFF) : retirez-le
workflow-kind-too-long = type de revue « { $value } » trop long : au plus { $max } caractères (il nomme les sessions, « type-année »)
col-token = JETON
col-user = UTILISATEUR
col-label = LIBELLÉ
col-scope = PORTÉE
col-expires = EXPIRE LE
col-last-used = DERNIÈRE UTILISATION
col-state = ÉTAT
token-scope-api = API
token-scope-feed = calendrier (.ics)
token-state-live = valide
token-state-expired = expiré
token-state-revoked = révoqué
token-expiry-past = la date d'expiration est déjà passée
total-overflow = un total est trop grand pour être calculé : vérifiez les montants saisis
file-exists = { $file } existe déjà : choisissez un autre nom (rien n'est écrasé)
log-import-not-empty = la base contient déjà des événements : un journal ne se charge que dans une base vide (créez-en une neuve)
log-import-malformed = { $file }:{ $line } : ce n'est pas un journal suivi lisible ({ $error })
log-import-version = { $file } : journal au format { $version }, cette version de suivi lit le format { $supported }
log-import-truncated = { $file } : le fichier s'arrête à la ligne { $line }, avant sa dernière ligne (fichier tronqué ?) ; rien n'a été chargé
log-import-broken = { $file }:{ $line } : la chaîne d'empreintes est rompue à la position { $position } (fichier modifié ?) ; rien n'a été chargé
log-import-document-changed = { $file }:{ $line } : le contenu d'une pièce jointe ne correspond plus à son empreinte (fichier modifié ?) ; rien n'a été chargé
backup-postgres = la base est PostgreSQL : sauvegardez-la avec pg_dump (voir le README, « Operating suivi »), ou exportez le journal avec « suivi log export »
cli-log-accounts = Comptes : { $users } utilisateur(s) avec l'empreinte de leur mot de passe, { $tokens } jeton(s) (empreintes). Gardez ce fichier comme un secret.
cli-log-exported = Journal écrit dans { $file } : { $events } événement(s), { $snapshots } photographie(s) annuelle(s), { $documents } pièce(s) jointe(s), tête { $head }.
cli-log-imported = Journal { $file } chargé et vérifié : { $events } événement(s), { $snapshots } photographie(s) annuelle(s), { $documents } pièce(s) jointe(s), tête { $head } ; tableaux reconstruits.
cli-backup-done = Copie de la base écrite dans { $file }.
api-path-invalid = adresse invalide : { $detail }
api-query-invalid = paramètre de requête invalide : { $detail }
section-introduction = Introduction
section-missions = Missions et attributions
section-organisation = Organisation
section-ressources_humaines = Ressources humaines
section-ressources_materielles = Ressources matérielles
section-difficultes = Difficultés rencontrées
section-perspectives = Perspectives
section-conclusion = Conclusion
section-written = rédigée ({ $versions ->
    [one] { $versions } version
   *[other] { $versions } versions
})
section-missing = à rédiger
section-placeholder = [Section « { $section } » du rapport { $year } à rédiger]
report-section-empty = la section est vide
col-section = SECTION
col-start = DÉBUT DU TEXTE
cli-section-written = Section « { $section } » du rapport { $year } : { $events ->
    [0] texte identique, rien n'a changé
   *[other] version { $versions } enregistrée
}.
unplanned-empty-title = l'intitulé de l'activité est vide
cli-unplanned-added = Activité hors plan n° { $number } de { $year } enregistrée : { $title }. Elle n'entre pas dans le taux d'exécution du plan.
history-narrative = récit de l'activité rédigé pour le rapport
history-document = document produit : { $document }
history-document-none = plus de document produit
produced-sector_follow_up = Rapport de suivi du plan d'action { $year } du secteur
produced-sector_plan = Plan d'action { $year } du secteur
activity-empty-narrative = le récit de l'activité est vide
import-cell-empty = la case est vide
import-count-invalid = nombre « { $value } » invalide : un entier de 0 à 100 000
annex-empty = le tableau n'a aucune ligne
reference-no-figure = aucun chiffre donné : --execution-rate, --financial-rate ou les deux
reference-no-source = la source des chiffres manque (le document et la page)

annual-title = Rapport d'activités { $year } et plan d'action { $next }
annual-toc = Sommaire
annual-tables = Liste des tableaux
annual-charts = Liste des graphiques
annual-acronyms = Liste des sigles et abréviations
annual-col-acronym = SIGLE
annual-col-meaning = SIGNIFICATION
annual-introduction = Introduction
annual-chapter-1 = Chapitre I : Présentation de la { $cps } et plan d'action { $year }
annual-missions = 1.1. Rappel des missions et attributions de la CPS
annual-organisation = 1.2. Organisation et fonctionnement
annual-resources = 1.3. Ressources humaines, matérielles et financières
annual-human = 1.3.1. Ressources humaines
annual-material = 1.3.2. Ressources matérielles et infrastructures
annual-financial = 1.3.3. Ressources financières
annual-plan = 1.4. Plan d'action { $year } et son état d'exécution
annual-previous = 1.5. État d'exécution des recommandations de la session précédente
annual-chapter-2 = Chapitre II : Situation d'exécution physique et financière des activités { $year }
annual-physical = 2.1. Analyse de l'état de réalisation physique des activités
annual-numbered = { $number }. { $title }
annual-produced = Voir le document produit : { $document }.
annual-unplanned = Autres activités réalisées (hors plan)
annual-financial-execution = 2.2. État de réalisation financière des activités en { $year }
annual-difficulties = 2.3. Difficultés rencontrées
annual-perspectives = 2.4. Perspectives
annual-chapter-3 = Chapitre III : Plan d'action { $next }
annual-objectives = 3.1. Objectifs
annual-financing = 3.2. Financement des activités { $next }
annual-activities = 3.3. Activités
annual-conclusion = Conclusion et recommandations
annual-plan-heading = Plan d'action { $next }
annual-annexes = Annexes
annual-annex-bsi = Liste des projets du secteur présentés à l'arbitrage budgétaire (BSI) { $next }
annual-annex-staff = Liste nominative du personnel de la { $cps }
annual-annex-meetings = Participation des agents de la { $cps } aux réunions, formations et ateliers en { $year }
annual-annex-adjustments = Ajustements enregistrés après la clôture de { $year }
annual-annex-missing = [Annexe non importée : suivi report annex import FICHIER --year { $year } --kind { $kind }]
annual-provenance = Origine des chiffres
annual-table-1 = Tableau 1 : Répartition des matériels du parc auto et moto de la { $cps } par type selon leur état
annual-table-2 = Tableau 2 : Répartition des matériels du parc informatique de la { $cps } par type selon leur état
annual-table-3 = Tableau 3 : État d'exécution des activités du plan d'action { $year }
annual-table-4 = Tableau 4 : État d'exécution des recommandations précédentes
annual-table-5 = Tableau 5 : Recommandations formulées
annual-table-6 = Tableau 6 : Plan d'action { $next }
annual-chart-1 = Graphique 1 : Taux d'exécution des activités { $year } par objectif
annual-chart-2 = Graphique 2 : Recommandations de la session précédente selon leur situation
annual-chart-3 = Graphique 3 : Exécution financière { $year } par ligne budgétaire (F CFA)
annual-source = Source : { $cps }
annual-source-estimated-months = Source : { $cps }. e : mois estimés, que le plan ne donne pas.
annual-session = Session : { $session }
annual-staff = Selon la liste nominative du personnel (en annexe), la { $cps } compte un effectif de { $total } agents dont { $contractual } contractuels.
annual-staff-missing = [Liste du personnel { $year } non importée : suivi report annex import FICHIER --year { $year } --kind personnel]
annual-inventory-missing = [Inventaire { $year } non importé : suivi inventory import FICHIER --year { $year }]
annual-credits-missing = [Crédits { $year } non enregistrés : suivi finance record --year { $year } …]
annual-allotted = Le budget accordé lors de l'arbitrage au titre de l'année { $year } s'élève à { $total } F CFA, dont { $bsi } F CFA pour le Budget Spécial d'Investissement (BSI) et { $operating } F CFA pour le fonctionnement.
annual-notified = Le crédit notifié se chiffre à { $total } F CFA, dont { $bsi } F CFA pour le BSI et { $operating } F CFA pour le fonctionnement.
annual-execution = Sur les { $planned } activités programmées dans le plan d'action { $year }, la Cellule en a réalisé { $executed }, soit un taux d'exécution de { $rate }{ $compare }.
annual-compare = {" "}contre { $rate } en { $year } ({ $source })
annual-from-snapshot = photographie de fin d'année { $hash }
annual-unplanned-mention = La Cellule a aussi réalisé { $count } activité(s) non programmée(s), présentée(s) au chapitre II ; elles n'entrent pas dans ce taux.
annual-previous-missing = [Aucune recommandation enregistrée pour les sessions de { $year }]
annual-unplanned-none = Aucune activité hors plan n'a été enregistrée.
annual-unplanned-note = En plus des activités programmées, la Cellule a réalisé les activités suivantes ; elles ne sont pas comptées dans le taux d'exécution du plan.
annual-financial-text = Le crédit notifié pour { $year } est de { $notified } F CFA. Le crédit engagé s'élève à { $engaged } F CFA et le crédit liquidé à { $liquidated } F CFA, soit un taux d'exécution (engagé sur notifié) de { $rate }{ $compare }.
annual-next-plan-missing = [Le plan d'action { $next } n'est pas encore importé : suivi plan import FICHIER --year { $next }]
annual-next-allotted = Le budget accordé lors de l'arbitrage au titre de l'année { $year } s'élève à { $total } F CFA.
annual-next-credits-missing = Les crédits { $year } ne sont pas encore enregistrés.
annual-plan-cost = Le coût total des activités programmées s'élève à { $total } milliers de F CFA, pour { $budgeted } activités chiffrées sur { $planned } ; les autres sont pour mémoire (PM).
annual-indicator = Indicateur : { $indicator }
annual-formulated-missing = [Aucune recommandation enregistrée pour les sessions de { $next }]
annual-carried = reconduite de la session { $session } (n° { $number })
annual-new = nouvelle
annual-plan-total = COÛT TOTAL DES ACTIVITÉS (milliers de F CFA)
annual-no-adjustment = Aucun changement n'a été enregistré après la clôture de { $year }.
annual-provenance-head = Ce document a été produit par suivi à partir du journal des événements, jusqu'à l'événement n° { $position } enregistré le { $at } (heure de Bamako), d'empreinte de chaîne { $hash }.
annual-provenance-snapshot = Les tableaux de { $year } viennent de la photographie de fin d'année d'empreinte { $hash }, prise le { $taken } ; les changements enregistrés après la clôture sont listés ci-dessus.
annual-provenance-now = Aucune photographie de fin d'année n'existe encore pour { $year } : les tableaux donnent la situation à cet événement.
annual-written = Document écrit : { $path }
col-equipment = MATÉRIEL
col-good = Bon
col-fair = Passable
col-poor = Mauvais
col-quantity = QUANTITÉ
col-responsible = RESPONSABLE
col-origin = ORIGINE
col-ministry = MINISTÈRE
col-title = INTITULÉ
col-name = PRÉNOMS ET NOMS
col-corps = CORPS
col-function = FONCTION
col-staff-status = STATUT
col-organiser = STRUCTURES ORGANISATRICES
col-place = LIEUX
col-theme = THÈMES DES RÉUNIONS, FORMATIONS ET ATELIERS
col-dates = DATES
report-month-invalid = mois « { $value } » invalide : de 1 (janvier) à 12 (décembre)
progress-percent-invalid = « { $value } » n'est pas un pourcentage : un nombre entier de 0 à 100
progress-date-outside = avancement daté du { $day } : la date va du { $first } (début du plan) à aujourd'hui, { $today }
effective-date-future = le { $day } est dans le futur : un fait se date au plus tard aujourd'hui, { $today }
effective-date-before = le { $day } est avant le { $first }, début de l'année du plan ou de la session
effective-before-previous = daté du { $day }, il précéderait le fait précédent, daté du { $previous } : les tableaux lisent les faits dans l'ordre de leurs dates
invalid-quarter = le trimestre { $value } n'existe pas : 1, 2, 3 ou 4
annual-no-plan = aucun plan d'action n'est enregistré pour { $year } : importez-le d'abord (suivi plan import FICHIER --year { $year })
cli-annex-imported = { $annex } { $year } : { $rows } ligne(s) importée(s) ({ $events ->
    [0] identique à l'import précédent, rien n'a changé
   *[other] { $events } événement enregistré
}).
annex-inventaire = Matériel (Tableaux 1 et 2)
annex-personnel = Liste du personnel
annex-reunions = Réunions, formations et ateliers
annex-projets_bsi = Projets présentés à l'arbitrage BSI
page-annual = Rapport annuel
page-annual-preview = Aperçu du rapport
page-annual-docx = Télécharger (Word)
page-annual-html = Télécharger (page HTML)
page-annual-sections = Sections rédigées
page-annual-edit = Modifier le texte (Markdown)
page-annual-reason = Motif de la modification (facultatif)
page-annual-markdown = Markdown : une ligne vide entre deux paragraphes, « - » en début de ligne pour une liste, **gras**, *italique*.
page-annual-history = Historique des versions
annual-no-objective = Activités sans objectif indiqué
finances-estimated = * montant estimé : calculé ou supposé, il n'est pas lu dans un document.
annual-estimated = Montants estimés (calculés ou supposés, non lus dans un document) : { $list }.
annual-estimated-mark = estimé
structure-unknown-suggest = structure « { $code } » inconnue (voulez-vous dire { $suggestions } ?) ; structures connues : { $known }
structure-parent-unknown = structure de rattachement « { $code } » inconnue : elle doit figurer dans l'annuaire
structure-parent-cycle = « { $code } » est rattachée à cette structure : elle ne peut pas en être la structure de rattachement
structure-one-head = une seule adresse pour le ou la responsable de la structure
structure-name-required = une structure doit avoir un nom
structure-own-parent = une structure ne peut pas être rattachée à elle-même
import-yes-no = « { $value } » n'est ni « oui » ni « non »
import-months-disagree = la colonne mois (« { $written } ») et le chronogramme (mois { $marked }) ne disent pas la même chose : gardez l'un des deux
page-error-not-found = Page introuvable
page-error-forbidden = Accès refusé
page-error-too-many = Trop de tentatives
page-error-internal = Erreur interne
page-error-refused = Demande refusée
page-not-found = Cette page n'existe pas. Revenez au tableau de bord par le menu.
page-recorded = { $subject } : { $what }.
page-recorded-on = { $subject } : { $what }, avec effet le { $day }.
page-done-executed = exécution enregistrée
page-done-not-executed = non-exécution enregistrée
page-done-cost = coûts enregistrés
page-done-carried-over = reprogrammation enregistrée
page-done-status = nouvelle situation enregistrée
page-done-deadline-set = échéance « { $label } » enregistrée au calendrier
page-done-deadline-dropped = échéance retirée du calendrier ; son retrait reste dans l'historique
page-deadline-label = Intitulé
page-deadline-from = Début de la période
page-deadline-estimated = Date estimée (aucun document ne la donne encore)
page-deadline-drop = Retirer du calendrier
page-deadline-drop-reason = Raison du retrait
page-deadline-add = Ajouter une échéance
page-deadline-id = Identifiant (a-z, 0-9, _)
page-done-structure = { $code } : annuaire mis à jour
page-directory = Annuaire
page-directory-intro = Les structures responsables, leurs points focaux et leurs responsables, à qui les relances sont adressées. Chaque modification est enregistrée avec son auteur ; les valeurs de départ sont celles du fichier livré.
page-structure-code = Code
page-structure-name = Nom
page-structure-parent = Rattachement (code)
page-structure-aliases = Autres écritures (séparées par « ; »)
page-focal-points = Points focaux (adresses)
page-structure-head = Responsable (adresse)
page-structure-add = Ajouter une structure
page-done-withdrawn = pièce retirée ; son contenu n'est plus gardé, son retrait reste dans l'historique
page-documents = Pièces jointes
page-documents-none = Aucune pièce jointe.
page-documents-add = Pièces jointes (PDF, image, document bureautique)
page-document-withdrawn = retirée
page-document-withdraw = Retirer cette pièce
page-withdraw-reason = Raison du retrait
page-document-attached-on = jointe au changement du
document-kind-pdf = PDF
document-kind-image = image
document-kind-text = document texte
document-kind-spreadsheet = tableur
document-kind-presentation = présentation
unit-kb = Ko
unit-mb = Mo
page-done-progress = avancement enregistré
page-done-indicator = indicateur enregistré
page-done-section = texte enregistré
raw = { $value }
amount-invalid = montant « { $value } » invalide : un nombre entier de F CFA, sans virgule
year-invalid = année « { $value } » invalide : quatre chiffres, par exemple 2024
page-record = Enregistrer
page-record-executed = Exécutée
page-record-not-executed = Non exécutée
page-record-cost = Coûts
page-record-carry-over = Reprogrammer
page-reason-not-executed = Raison de la non-exécution
page-observation = Observation
page-to-year = Plan de l'année
page-to-code = Code dans ce plan (vide : le même)
page-carried-to = Reprogrammée : { $to }
page-closed = Close : elle ne change plus ici.
page-year = Année
page-show = Afficher
page-current-status = Situation actuelle : { $status }
page-activity-history = Historique de l'activité
upload-gone = ce fichier n'est plus gardé (il l'est { $minutes } minutes) : envoyez-le à nouveau
import-kind-plan = Plan d'action (PTA) d'une année
import-kind-recommendations = Recommandations d'une session
page-imports = Importer un fichier
page-imports-help = Le plan d'action, les recommandations d'une session ou une annexe du rapport, tels qu'Excel les enregistre (CSV ou classeur XLSX, première feuille). Vous verrez ce qui sera enregistré avant de confirmer ; rien n'est enregistré avant.
page-import-kind = Ce que contient le fichier
page-import-target = Année (ou session, pour des recommandations)
page-import-file = Fichier (.csv ou .xlsx)
page-import-limits = Au plus { $mib } Mio et { $rows } lignes ; les en-têtes attendus sont ceux des fichiers d'exemple.
page-import-preview = Aperçu de l'import
page-import-no-file = Choisissez le fichier à importer.
page-import-too-large = Le fichier dépasse { $mib } Mio : importez-en un plus petit (la seule feuille utile, sans images).
page-import-unreadable = L'envoi du fichier a échoué : envoyez-le à nouveau.
page-import-problems = Le fichier ne peut pas être importé tel quel :
page-import-more = … et { $more } autre(s) problème(s), non listé(s) : corrigez d'abord ceux-ci.
page-import-nothing = Rien n'a été enregistré. Corrigez le fichier, puis envoyez-le à nouveau.
page-import-nothing-new = Tout ce que contient ce fichier est déjà enregistré : il n'y a rien à ajouter.
page-import-summary = { $rows } ligne(s) lue(s) ; la confirmation enregistrera { $events } changement(s), en une seule fois.
page-import-confirm = Confirmer et enregistrer
page-import-other = Importer un autre fichier
page-import-read = Lignes lues
page-import-line = Ligne
page-import-changed = Ce que l'import enregistrerait a changé depuis votre aperçu (quelqu'un a enregistré entre-temps) : voici l'aperçu à jour. Confirmez à nouveau s'il vous convient.
page-import-done = Import enregistré : { $rows } ligne(s), { $events } changement(s).
page-all-items = Tout ce qui est à suivre
page-finances = Exécution financière
page-revues = Revues et calendrier
page-credit-done = { $line }, { $kind } : { $amount } F CFA enregistrés, avec effet le { $day }
page-revue-opened = { $revue } : revue ouverte
page-step-done = Étape « { $step } » achevée le { $day }
page-deadline-done = Échéance tenue le { $day }
page-credit-record = Enregistrer un crédit
page-budget-line = Ligne budgétaire
page-credit-kind = Stade
page-amount = Montant (F CFA)
page-estimated = Estimé (calculé, non lu dans un document)
page-revues-of = Revues de l'année
page-revue-open = Ouvrir une revue
page-revue-kind = Type de revue
page-revue-number = Session de l'année
page-step = Étape
page-completed-on = Achevée le
page-document = Pièce ou référence
page-step-complete = Achever
page-calendar = Calendrier harmonisé
page-source = Source
page-deadline-closed = close (calendrier clos)
page-calendar-close = Clore ce calendrier
page-calendar-close-reason = Année passée, close à l'installation de suivi
page-following-since = suivi relance depuis le
page-following-move = Changer ce jour
page-following-day = Relancer depuis le
page-done-calendar-closed = Calendrier { $year } clos : { $count } échéance(s) ne sont plus relancées.
page-done-following-moved = suivi relance désormais depuis le { $day }.
page-met = tenue
page-by-step = tenue quand l'étape de revue est achevée
page-deadline-meet = Tenue
page-session-recommendations = recommandations de la session
page-done-added = recommandation ajoutée
page-add-recommendation = Ajouter une recommandation à la session
page-carry-over-to = Reconduire à la session
page-to-number = Numéro dans cette session
page-new-text = Nouvelle formulation (facultatif)
page-record-carry-over-rec = Reconduire
page-structures-help = Codes, noms ou sigles, séparés par des virgules ou « et » (MAECI et MMEIA)
page-due = Échéance (vide : celle par défaut)
page-text = Texte
page-other-session = Autre session (nouvelle) :
account-already-disabled = le compte « { $name } » est déjà désactivé
account-not-disabled = le compte « { $name } » n'est pas désactivé
account-unchanged = rien ne change pour « { $name } »
link-invalid = ce lien n'est plus valable (il l'est { $hours } heures, une seule fois) : demandez-en un autre au directeur de la CPS
password-wrong = le mot de passe actuel n'est pas celui-ci
password-mismatch = les deux mots de passe ne sont pas les mêmes
cli-user-enabled = Utilisateur « { $name } » réactivé.
account-link = Lien pour { $name } (valable jusqu'au { $expires }, une seule fois) : { $link }
account-link-mailed = Envoyé aussi à { $to } par la file des messages.
mail-invitation-subject = { $cps } – votre accès à suivi
mail-invitation-body = Madame, Monsieur,

    La { $cps } vous ouvre un accès à suivi sous le nom « { $name } ». Pour choisir votre mot de passe, ouvrez ce lien (valable { $hours } heures, une seule fois) :

    { $link }

    Si vous n'attendiez pas ce message, ignorez-le.
mail-reset-subject = { $cps } – nouveau mot de passe pour suivi
mail-reset-body = Madame, Monsieur,

    Un nouveau mot de passe a été demandé pour votre accès à suivi (« { $name } »). Pour le choisir, ouvrez ce lien (valable { $hours } heures, une seule fois) :

    { $link }

    Si vous n'avez rien demandé, ignorez ce message : votre mot de passe actuel reste valable.
page-users = Utilisateurs
page-role = Rôle
page-email = Adresse électronique
page-structure-of-focal-point = Structure (point focal seulement)
page-clear-delays = Lever les délais de connexion
page-delays-cleared = Les délais de connexion de « { $name } » sont levés.
page-delays-none = « { $name } » n'avait aucun délai de connexion.
page-reset-password = Lien pour un nouveau mot de passe
page-enable = Réactiver
page-disable = Désactiver
page-disabled = désactivé
page-pending = invité, mot de passe pas encore choisi
page-active = actif
page-invite = Inviter quelqu'un
page-link-for = Lien pour
page-link-until = valable jusqu'au
page-link-mailed = Envoyé aussi par la file des messages à
page-link-not-mailed = Pas d'envoi (pas d'adresse, ou pas de public_url dans config/reminders.toml) : transmettez-le vous-même.
page-link-once = Il ne sert qu'une fois et n'est plus affiché ensuite.
page-account-changed = Compte « { $name } » modifié ; ses sessions ouvertes sont fermées.
page-welcome = Choisir son mot de passe
page-welcome-invited = Vous êtes invité à utiliser suivi sous le nom
page-welcome-reset = Nouveau mot de passe pour
page-new-password = Nouveau mot de passe (10 caractères au moins)
page-confirm-password = Le même, une seconde fois
page-password-mismatch = Les deux mots de passe ne sont pas les mêmes.
page-password-chosen = Mot de passe enregistré pour « { $name } » : connectez-vous.
page-account = Mon compte
page-change-password = Changer de mot de passe
page-current-password = Mot de passe actuel
page-password-changed = Mot de passe changé.
page-tokens = Jetons d'accès
page-token-once = Voici le jeton : copiez-le maintenant, il ne sera plus affiché.
page-feed-url = Adresse de l'abonnement (Outlook, Thunderbird) : à copier telle quelle.
page-token-scope = Pour
page-token-feed = le calendrier de ma structure (abonnement)
page-token-api = l'API (programmes)
page-token-label = Libellé
page-token-create = Créer un jeton
page-audit = Audit
page-anchor = Tête du journal (ancre)
page-anchor-help = Gardez cette ancre hors de la base (un courriel, un registre) : elle prouve plus tard que rien n'a été réécrit jusqu'à elle.
page-anchor-kept = Ancre gardée (facultatif)
page-verify = Vérifier
page-snapshots = Photographies de fin d'année
page-snapshot-as-of = Situation au
page-snapshot-taken-at = Prise le
page-snapshot-head = Dernier événement
page-close-year = Clôturer l'année
page-close-year-help = Clôturer maintenant, avant le jour de clôture : la photographie prend ce qui est enregistré à cet instant.
page-snapshot-taken = Année { $year } clôturée : sa photographie est prise.
page-outbox = Messages
page-outbox-dead = au rebut
page-outbox-retry = Renvoyer
page-outbox-retry-all = Renvoyer tous les messages au rebut
page-outbox-day = Jour
page-outbox-to = À
page-outbox-subject = Objet
page-outbox-requeued = { $count } message(s) remis dans la file.
page-unplanned = Activités réalisées hors programme
page-unplanned-title = Activité
page-unplanned-added = Activité hors programme ajoutée : { $title }
page-annexes = Annexes du rapport
page-annex = Annexe
page-annex-rows = ligne(s)
page-annex-missing = pas encore importée
page-annex-import = Importer le fichier
page-reference = Chiffres de l'année
page-financial-rate = Taux d'exécution financière
page-reference-recorded = Chiffres de { $year } enregistrés
account-own = vous ne pouvez pas désactiver votre propre compte ni lui retirer le rôle de directeur : demandez-le à un autre directeur
account-disabled-no-link = le compte « { $name } » est désactivé : réactivez-le d'abord
page-narrative = Récit pour le rapport annuel (Markdown : ce qui a été fait, comment, avec qui)
page-done-narrative = récit enregistré
page-done-document = document produit enregistré
page-document-produced = Document produit
page-document-year = de l'année
page-document-none = aucun
page-document-sector_follow_up = Rapport de suivi du plan d'action du secteur
page-document-sector_plan = Plan d'action du secteur

## Projets et programmes du secteur
import-no-project = aucun projet dans le fichier
import-project-twice = code { $code } en double : déjà utilisé ligne { $first }
import-project-kind = type « { $value } » inconnu : Projet ou Programme
import-project-status = statut « { $value } » inconnu : en préparation, en cours, achevé ou suspendu
import-email-invalid = adresse « { $value } » invalide : une adresse électronique (nom@domaine)
import-estimated-column = « { $value } » : la colonne estime dit oui, non, ou les colonnes estimées (nouveau, dotation, cout_total)
import-annex-bullet-alone = un sous-projet (•) doit suivre le programme numéroté dont il fait partie
import-annex-no-ministry = un projet numéroté doit suivre la ligne de son ministère (MAECI, MMEIA…)
import-structure-ambiguous = « { $value } » désigne plusieurs structures ({ $codes }) : écrivez le code de l'une
import-project-parent-unknown = programme { $code } inconnu : il doit figurer dans le fichier (type Programme) ou être déjà enregistré
project-unknown = projet { $code } inconnu : importez d'abord le portefeuille (suivi project import)
project-wrong-code = projet { $own }, pas { $other }
project-own-parent = le projet { $code } ne peut pas être son propre programme
project-end-before-start = se termine en { $end }, avant de commencer en { $start }
arbitration-wrong-year = arbitrage de { $own }, pas de { $other }
arbitration-funded-not-presented = une dotation suppose que le projet ait été présenté (--presented)
project-year-wrong = chiffres de { $own } pour { $own_year }, pas de { $other } pour { $other_year }
project-figure-outside-year = daté du { $day }, hors de l'exercice { $year } (du 1er janvier { $before } au 31 décembre { $after })
projects-arbitration-sentence = Lors des arbitrages du BSI { $year }, le secteur a présenté { $presented } projets/programmes dont { $new } nouveaux sur lesquels { $funded } ont bénéficié d'une dotation budgétaire.
projects-arbitration-sentence-estimated = Lors des arbitrages du BSI { $year }, le secteur a présenté { $presented } projets/programmes dont { $new } nouveaux sur lesquels { $funded } ont bénéficié d'une dotation budgétaire (chiffres en partie estimés).
projects-late = en retard
projects-title = Exécution des projets et programmes du secteur en { $year }, au { $day }
projects-recorded-by-unsupported = le portefeuille se lit à la date des faits (--as-of) ; --recorded-by n'est pas pris en charge ici
sheet-projects = Projets { $year }
col-project = PROJET / PROGRAMME
col-project-status = STATUT
col-financial-rate = TAUX FINANCIER
col-physical-rate = TAUX PHYSIQUE
col-physical-date = AU
project-status-en_preparation = en préparation
project-status-en_cours = en cours
project-status-acheve = achevé
project-status-suspendu = suspendu
cli-projects-imported = { $rows } projets importés ({ $events } événements enregistrés).
cli-projects-nothing-new = Rien de nouveau : les { $rows } projets du fichier étaient déjà enregistrés.
cli-arbitration-counts = Arbitrage BSI { $year } : { $presented } présentés, dont { $new } nouveaux, { $funded } dotés.
project-revue-unknown = aucune revue des projets du { $ministry } en { $year } : ouvrez-la d'abord (suivi project revue)
project-revue-not-opened = la revue n'est pas ouverte (suivi project revue)
project-revue-wrong = revue du { $ministry } en { $year }, pas du { $other } en { $other_year }
project-revue-held-outside = tenue le { $day }, hors de { $year }
project-revue-not-covered = le projet { $code } n'est pas couvert par cette revue
project-revue-no-project = la revue ne couvre aucun projet : donnez --projects, ou enregistrez d'abord les projets du ministère
project-revue-title = Revue annuelle des projets/programmes du { $ministry } – exercice { $year }
project-revue-table-title = Situation d'exécution des projets/programmes du { $ministry } en { $year }
project-revue-heading-object = Objet de la revue
project-revue-object = La revue a pour objectif de faire le point sur la situation d'exécution financière et physique des projets/programmes du { $ministry } en { $year }, en identifiant les principales difficultés rencontrées et en formulant des recommandations pour améliorer leurs performances. Elle a porté sur { $count } projets et programmes.
project-revue-heading-execution = Situation d'exécution financière et physique
project-revue-heading-recommendations = Recommandations
project-revue-for-project = Pour le { $title }
project-revue-for-no-project = Recommandations générales
project-revue-no-recommendation = Aucune recommandation n'est encore enregistrée pour cette revue.
project-revue-session = Revue des projets/programmes – { $ministry }
sheet-project-revue = Revue { $ministry } { $year }
col-difficulties = DIFFICULTÉS
mission-ends-before = se termine le { $to }, avant de commencer le { $from }
mission-outside-year = commence le { $day }, hors de { $year }
mission-no-project = la mission n'a visité aucun projet : donnez --projects
cli-project-revue-opened = { $count } projets couverts ; ses recommandations : suivi recommendation add --session { $session } --project CODE …
cli-mission-recorded = Ses recommandations : suivi recommendation add --session { $session } --project CODE …
cli-document-needs-output = un document (--document) s'écrit dans un fichier : donnez --output
project-revue-estimated = La liste des projets couverts est estimée : le rapport en donne le nombre, pas les noms.
submission-state-draft = brouillon
submission-state-submitted = soumis
submission-state-returned = renvoyé
submission-state-approved = approuvé (verrouillé)
submission-not-submitted = rien n'a encore été soumis
submission-not-awaiting = « { $state } » : rien n'attend de décision
submission-locked = approuvé, donc verrouillé : la CPS doit d'abord le rouvrir, avec un motif (--reason)
submission-not-approved = seul ce qui est approuvé se rouvre
submission-comment-required = un renvoi dit pourquoi : donnez un commentaire
submission-reason-required = une réouverture dit pourquoi : donnez un motif (--reason)
submission-wrong-key = ce n'est pas la même soumission
quarter-unknown = rien n'est enregistré pour le trimestre { $quarter } { $year } de { $structure }
quarter-locked = le trimestre { $quarter } { $year } de { $structure } est approuvé, donc verrouillé : la CPS doit le rouvrir, avec un motif, avant tout changement
history-submitted = soumis le { $day }
history-returned = renvoyé le { $day }
history-approved = approuvé le { $day } : verrouillé
history-reopened = rouvert le { $day } : { $reason }
cli-quarter-state = Trimestre { $quarter } { $year } de { $structure } : { $state }.
item-quarter-reference = chiffres du trimestre { $quarter } { $year } des projets de { $structure }
annual-projects = Projets et programmes du secteur
annual-bsi-estimated = * En partie estimé : le rapport ne nomme pas tous les projets présentés, ni lesquels étaient nouveaux, ni leurs dotations.
projects-execution-sentence = En { $year }, la CPS a suivi { $count } projets/programmes du secteur : le taux d'exécution financière de leurs crédits (engagés sur notifiés) est de { $rate } ; { $declared } ont déclaré un taux d'exécution physique, et { $late } n'ont pas transmis les chiffres de leur dernier trimestre échu.
projects-execution-sentence-estimated = En { $year }, la CPS a suivi { $count } projets/programmes du secteur : le taux d'exécution financière de leurs crédits (engagés sur notifiés) est de { $rate } ; { $declared } ont déclaré un taux d'exécution physique, et { $late } n'ont pas transmis les chiffres de leur dernier trimestre échu (chiffres en partie estimés).
projects-execution-none = En { $year }, { $count } projets/programmes du secteur sont enregistrés ; aucun chiffre de leur exécution n'est encore enregistré pour cette année.
project-revue-impossible = pas de revue du { $ministry } en { $year } : l'année revue (la précédente) doit être connue de suivi (2000 à 2100), et le code du ministère avoir au plus 27 caractères
project-ambiguous = « { $name } » désigne plusieurs projets ({ $codes }) : écrivez le code de l'un
project-kind-projet = Projet
project-kind-programme = Programme
project-lag-financial = en retard sur le taux financier
project-lag-schedule = en retard sur le calendrier
sheet-project = { $code } { $year }
sheet-project-quarters = Trimestres { $year }
project-sheet-figures-title = Chiffres enregistrés du { $title } en { $year }
project-sheet-quarters-title = Chiffres trimestriels de { $year } : échéances et transmission
project-figure-physical = taux physique
project-quarter-name = { $quarter ->
    [1] 1er trimestre
   *[other] { $quarter }e trimestre
} { $year }
project-quarter-figures = oui
project-quarter-no-figures = non
col-figure = CHIFFRE
col-amount = MONTANT (F CFA)
col-quarter = TRIMESTRE
col-submission-state = TRANSMISSION
col-figures = CHIFFRES SAISIS
col-lag = ÉCART
project-sheet-heading = { $kind } du { $ministry }, structure responsable : { $structure }.
project-sheet-heading-ministry = { $kind } du { $ministry }.
project-sheet-funding = Financement : { $funding }.
project-sheet-cost = Coût total : { $amount } F CFA.
project-sheet-years = De { $start } à { $end }.
project-sheet-parent = Sous-projet du programme { $parent }.
project-sheet-sub-projects = Sous-projets : { $codes }.
project-sheet-funded = Présenté aux arbitrages du BSI { $year } et doté de { $amount } F CFA.
project-sheet-presented = Présenté aux arbitrages du BSI { $year }, sans dotation.
project-sheet-not-presented = Non présenté aux arbitrages du BSI { $year }.
project-sheet-estimated = Ce projet n'est pas nommé dans les documents : il est compté, ses détails sont estimés.
item-kind-project_figures = Chiffres trimestriels du projet
item-project-figures-reference = { $code }, { $quarter ->
    [1] 1er trimestre
   *[other] { $quarter }e trimestre
} { $year }
item-action-project-figures = saisir dans suivi les crédits (notifiés, engagés, liquidés, cumulés depuis le 1er janvier) et le taux d'exécution physique du projet à la fin du trimestre, puis transmettre le trimestre à la CPS/SCI.
page-projects = Projets
page-projects-none = Aucun projet suivi pour cette année.
page-projects-back = Tous les projets
page-as-of = À la date du (vide : aujourd'hui)
page-physical-rate = Taux d'exécution physique
page-physical-date = Date de la situation
page-engaged-of-notified = engagés sur notifiés
page-project-late-help = Les chiffres du dernier trimestre échu manquent : saisissez-les, ou transmettez le trimestre.
page-project-record = Saisir des chiffres
page-amount-cumulative = Montant cumulé depuis le 1er janvier (F CFA)
page-project-quarters = Chiffres trimestriels
page-project-hand-in = Transmission
page-project-figures-entered = Chiffres saisis
page-quarter-submit = Transmettre à la CPS
page-quarter-approve = Approuver
page-quarter-return = Renvoyer
page-quarter-reopen = Rouvrir
page-date-required = la date est obligatoire
page-project-credit-done = Crédit { $kind } enregistré : { $amount } F CFA.
page-project-physical-done = Taux physique de { $percent } % enregistré au { $day }.
page-quarter-done = { $quarter } : { $state }.
page-lagging-projects = Projets en décalage
page-lagging-projects-help = Taux physique en retard de plus de 10 points sur le taux financier ou sur l'année écoulée, ou chiffres du dernier trimestre manquants.
page-code-required = le code du projet est obligatoire
import-project-parent-not-programme = { $code } est un projet, pas un programme : seul un programme a des sous-projets (type Programme)
submission-state-none = non transmis
import-sector-objective-empty = l'objectif est vide : chaque activité sert un objectif du secteur (une case vide reprend celui de la ligne au-dessus)
import-sector-empty = le canevas ne propose aucune activité
sector-call-unknown = aucun appel pour le plan d'action { $year } du secteur : ouvrez-le d'abord (suivi sector open)
sector-not-called = { $structure } n'est pas appelée à proposer des activités pour le plan d'action { $year } du secteur
sector-call-wrong-year = appel de { $own }, pas de { $other }
sector-call-no-structure = un appel s'adresse à au moins une structure
sector-call-deadline-before = l'échéance du { $deadline } précède l'appel du { $on }
sector-call-not-opened = aucun appel n'est ouvert
sector-call-validated = le plan est validé : son appel ne change plus
sector-call-mail-subject = Plan d'action { $year } du secteur : vos activités attendues au plus tard le { $deadline }
sector-call-mail-hello = Bonjour,
sector-call-mail-call = La { $cps } prépare le plan d'action { $year } du secteur. Votre structure, { $named }, est appelée à y proposer ses activités au plus tard le { $deadline }.
sector-call-mail-what = Pour chaque activité : l'objectif du secteur qu'elle sert, le résultat attendu, l'activité, l'indicateur et sa cible, le budget en milliers de F CFA (ou PM), la source de financement, les mois du chronogramme et l'unité responsable.
sector-call-mail-where = Sur la page de votre structure, saisissez vos activités (un brouillon s'enregistre), ou téléchargez le canevas Excel et remettez-le rempli : { $link }
sector-call-mail-where-html = Sur la page de votre structure, saisissez vos activités (un brouillon s'enregistre), ou téléchargez le canevas Excel et remettez-le rempli.
sector-call-mail-open = Ouvrir la page de la structure
sector-call-mail-where-menu = Connectez-vous à suivi, menu « Plan du secteur » : saisissez vos activités (un brouillon s'enregistre), ou téléchargez le canevas Excel et remettez-le rempli.
sector-call-mail-reminded = Tant que rien n'est remis, des relances partiront avant l'échéance. Pour toute question, répondez à ce message.
sector-proposal-wrong = ce n'est pas la même proposition
sheet-sector-plan = PTA secteur { $year }
sector-plan-title = Plan d'action { $year } du secteur
col-objective = OBJECTIF
col-activity = ACTIVITÉ
budget-pm = PM
sector-opened = Appel ouvert à { $count } structure(s), échéance le { $deadline } : un courrier part à chaque structure appelée.
sector-opened-unreachable = { $opened } Sans adresse de point focal dans l'annuaire, aucun courrier pour : { $structures }.
page-sector-objective-estimated = objectif d'exemple : ni lui ni son rattachement ne sont lus dans un document
page-sector-year = Année
cli-sector-state = { $structure } : { $state }.
item-sector-proposal-reference = proposition de { $structure } au plan d'action { $year } du secteur
submission-already-submitted = déjà soumis : il attend la décision de la CPS
sector-plan-estimated-legend = * activité d'exemple : elle n'est pas lue dans un document.
sector-execution-no-plan = { $structure } n'a pas d'activité approuvée au plan d'action { $year } du secteur : son exécution attend l'approbation de sa proposition
sector-execution-wrong = ce n'est pas la même structure ou le même trimestre
import-sector-code-twice = l'activité { $value } figure deux fois
import-sector-code-unknown = « { $value } » n'est pas le code d'une activité de la structure au plan du secteur ; codes connus : { $known }
import-sector-status = « { $value } » n'est pas un statut : exécutée, en cours, non exécutée ou non démarrée
import-sector-amount = « { $value } » n'est pas un montant en milliers de F CFA (un entier, par exemple 3 500)
import-sector-liquidated-above = le montant liquidé ({ $liquidated }) dépasse le montant engagé ({ $engaged })
sector-code-unknown = aucune activité du plan du secteur n'a le code { $code }
sector-code-taken = le code { $code } est déjà celui d'une autre activité du plan
sector-code-bad = « { $code } » n'est pas un code du plan : des nombres séparés par des points, celui de l'objectif d'abord (1.2)
sector-config-period = « { $value } » n'est pas une période : trimestre ou annee
sector-config-objective-empty = un objectif a un intitulé
sector-config-objective-twice = l'objectif « { $title } » est écrit deux fois
sector-objective-unknown = « { $objective } » n'est pas un objectif du plan d'action du secteur ; ses objectifs : { $known } (l'intitulé ou le numéro)
cli-sector-recoded = L'activité { $from } a désormais le code { $to }.
item-sector-execution-reference = exécution par { $structure } du plan d'action { $year } du secteur, trimestre { $quarter }
sector-status-executee = exécutée
sector-status-en_cours = en cours
sector-status-non_executee = non exécutée
sector-status-non_demarree = non démarrée
col-sector-planned = PRÉVUES
col-sector-rate = TAUX D'EXÉCUTION
col-sector-engaged = ENGAGÉ (milliers F CFA)
col-sector-liquidated = LIQUIDÉ (milliers F CFA)
sector-progress-rolled-up = { $structure } (ensemble)
sheet-sector-progress = Suivi PTA secteur { $year }{ $period ->
    [year] {""}
   *[quarter] {" "}T{ $quarter }
}
sector-progress-title = Exécution du plan d'action { $year } du secteur à la fin { $period ->
    [year] de l'année
   *[quarter] du trimestre { $quarter }
}
sector-progress-legend = Prévues : activités dont le chronogramme tombe au plus tard dans le trimestre (sans chronogramme : en fin d'année). Exécutées : celles d'entre elles que le dernier rapport de la structure dit exécutées. Une ligne « (ensemble) » additionne les structures qui en relèvent.
sector-progress-now-only = l'exécution du plan du secteur se lit telle qu'elle est : --as-of et --recorded-by ne sont pas pris en charge ici
sector-execution-too-early = { $period ->
    [year] l'exécution de l'année { $year } se remet à partir du 1er octobre { $year }
   *[quarter] le trimestre { $quarter } de { $year } n'a pas commencé : son exécution ne peut pas encore être remise
}
sector-period-year-only = le plan d'action { $year } du secteur se suit à l'année : son exécution est celle de l'année entière (sans trimestre, ou le trimestre 4), pas du trimestre { $quarter }
sector-period-quarter-required = le plan d'action { $year } du secteur se suit par trimestre : dites lequel (1 à 4)
sector-progress-estimated-legend = * structure dont les activités sont des exemples : elles et leurs chiffres ne sont pas lus dans un document.
col-sector-executed = EXÉCUTÉES
item-kind-sector_plan = Proposition au plan d'action du secteur
item-kind-sector_execution = Exécution du plan d'action du secteur
item-action-sector-plan = proposer dans suivi les activités de la structure au plan d'action du secteur (ou y déposer le canevas rempli), puis les soumettre à la CPS/SCI avant l'échéance.
item-action-sector-execution = remettre dans suivi l'exécution des activités de la structure au plan d'action du secteur à la fin de la période suivie, trimestre ou année (statut, avancement, valeur de l'indicateur, montants engagés et liquidés), puis la soumettre à la CPS/SCI.
item-sector-plan-text = année { $year }
item-sector-execution-text = { $period ->
    [year] année { $year }
   *[quarter] trimestre { $quarter } de { $year }
}
page-state = État
page-difficulties = Difficultés
page-structure-required = la structure est obligatoire
page-sector = Plan du secteur
page-sector-structures = Structures appelées
page-sector-plan-empty = Aucune proposition n'est encore approuvée.
page-sector-no-call = Aucun appel n'est ouvert pour le plan d'action de cette année.
page-sector-open = Ouvrir ou modifier l'appel aux structures
page-sector-structures-called = Structures appelées (« DCM, DFM/MAECI »)
page-sector-open-button = Ouvrir l'appel
page-sector-back = Retour au plan du secteur
page-sector-structure-title = { $structure } – plan d'action { $year } du secteur
page-sector-proposal = Activités proposées
page-sector-canevas = Télécharger le canevas Excel
page-sector-form-help = Une ligne par activité ; une case d'objectif ou de résultat vide reprend celle de la ligne au-dessus. Budget en milliers de F CFA, ou PM. Mois : de 1 à 12, séparés par des espaces.
page-sector-draft = Enregistrer le brouillon
page-sector-submit = Soumettre à la CPS
page-sector-upload = Ou déposer le canevas rempli (Excel ou CSV)
page-sector-upload-button = Déposer et soumettre
page-sector-form-name = formulaire, ligne
page-sector-execution = Exécution par trimestre
page-sector-execution-submit = Transmettre l'exécution du trimestre à la CPS
page-sector-execution-none = Aucune activité approuvée : l'exécution se remet une fois la proposition approuvée.
page-sector-execution-year = Exécution de l'année
page-sector-execution-submit-year = Transmettre l'exécution de l'année à la CPS
page-sector-period = Période
page-quarter-short = T{ $quarter }
canevas-objectives-sheet = Objectifs
canevas-objective-warning = Choisissez un objectif de la liste (feuille « Objectifs »), ou écrivez son numéro.
col-frame = CADRE NATIONAL
canevas-notes-sheet = Mode d'emploi
canevas-notes-title = Canevas du plan d'action { $year } du secteur – { $structure }
canevas-note-objective = Une ligne par activité. Une case « Objectif » ou « Résultat » vide reprend celle de la ligne au-dessus.
canevas-note-budget = Budget : en milliers de F CFA, un nombre entier (5 000), ou PM. Source : BSI, Fonctionnement, PTF…
canevas-note-months = Mois : les mois de l'année (1 à 12) où l'activité se déroule, séparés par des espaces (3 4).
canevas-note-upload = Déposez le canevas rempli sur la page de votre structure dans suivi, ou envoyez-le à la CPS/SCI.
sector-yes = oui
sector-no = non
sector-not-reported = non renseigné
sector-on-time = à temps
sector-late = en retard
sector-quarters-handed = { $handed } sur { $due } (dont { $on_time } à temps)
col-sector-proposal = PROPOSITION
col-sector-returned = RENVOIS
col-sector-quarters = TRIMESTRES REMIS
col-sector-year-handed = EXÉCUTION DE L'ANNÉE REMISE
col-sector-year-returned = RENVOIS DE L'EXÉCUTION
col-sector-complete = COMPLET
sheet-sector-indicators = Indicateurs secteur { $year }
sector-indicators-title = Indicateurs des activités du plan d'action { $year } du secteur à la fin { $period ->
    [year] de l'année
   *[quarter] du trimestre { $quarter }
}
sheet-sector-mastery = Maîtrise des outils { $year }
sector-mastery-title = Maîtrise des outils de planification par les structures du secteur en { $year }
sector-mastery-legend = Proposition : remise au plus tard à l'échéance de l'appel. Trimestres remis à temps : au plus tard à leur échéance. Renvois : combien de fois la CPS a renvoyé la proposition, puis les trimestres. Complet : le dernier rapport renseigne chaque activité de la structure.
sheet-sector-objectives = Objectifs secteur { $year }
sector-objectives-title = Exécution du plan d'action { $year } du secteur par objectif à la fin { $period ->
    [year] de l'année
   *[quarter] du trimestre { $quarter }
}
sector-chart-structures = Taux d'exécution du plan d'action { $year } du secteur par structure
sector-chart-objectives = Taux d'exécution du plan d'action { $year } du secteur par objectif
sector-follow-up-title = Rapport de suivi du plan d'action { $year } du secteur
sector-follow-up-session = Situation à la fin { $period ->
    [year] de l'année
   *[quarter] du trimestre { $quarter }
}
sector-follow-up-at = { $period ->
    [year] Année { $year }
   *[quarter] Trimestre { $quarter } { $year }
}
sector-follow-up-introduction = Introduction
sector-follow-up-intro = Le présent rapport présente les actions réalisées et les résultats obtenus dans le secteur par rapport aux objectifs fixés dans le plan d'action { $year } du secteur, à la fin { $period ->
    [year] de l'année
   *[quarter] du trimestre { $quarter }
}. Il repose sur les chiffres remis par les structures dans suivi : { $reported } des { $structures } structures appelées ont remis leur exécution. Le taux d'exécution des activités prévues à cette date est de { $rate }.
sector-follow-up-by-structure = Exécution par structure
sector-follow-up-by-objective = Exécution par objectif
sector-follow-up-indicators = Indicateurs et cibles
sector-follow-up-difficulties = Difficultés rencontrées
sector-follow-up-no-difficulty = Aucune structure n'a signalé de difficulté.
sector-follow-up-difficulty = { $structure }, activité { $code } ({ $title }) : { $difficulty }
sector-follow-up-mastery = Maîtrise des outils de planification et de programmation
col-sector-target = CIBLE
col-sector-achieved = RÉALISÉ
page-sector-follow-up = Rapport de suivi du plan d'action du secteur
sector-plan-by-structure = Budget du plan d'action { $year } du secteur par structure (milliers de F CFA)
sector-plan-by-source = Budget du plan d'action { $year } du secteur par source de financement (milliers de F CFA)
sector-plan-validated = Le plan a été validé le { $day }, { $how }, par { $by }.
sector-plan-not-validated = Le plan n'est pas encore validé.
sector-plan-heading-objectives = Objectifs du secteur
sector-plan-objective = { $title }
sector-plan-objective-framed = { $title } ({ $frame })
sector-plan-objectives-estimated = * objectif d'exemple : ni lui ni son rattachement au cadre national ne sont lus dans un document.
sector-plan-heading-activities = Activités du plan
sector-plan-heading-totals = Budget
sector-plan-heading-validation = Validation
sector-plan-session = Compilé des propositions des structures du secteur
sector-plan-intro = Le plan d'action { $year } du secteur compte { $count } activités, proposées par { $structures } structures, pour un budget de { $total } milliers de F CFA (hors activités « PM »).
cli-sector-validated = Plan d'action { $year } du secteur validé le { $day }.
sector-validation-incomplete = la validation dit comment et par qui le plan a été validé
sector-execution-submit-with-figures = un trimestre se remet avec ses chiffres (suivi sector execution, ou le formulaire de la structure), jamais sans eux
import-sector-execution-empty = le fichier ne donne l'exécution d'aucune activité
col-sector-quarters-returned = RENVOIS DES TRIMESTRES
page-sector-file-required = choisissez le fichier du canevas à déposer
