/* onsite-rank.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-rank"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "onsite-day-private.h"
#include "onsite-rank.h"

/*
 * Ranking the technicians for one ticket on one day. For each technician
 * the earliest slot is found by walking their working periods and visits
 * once: a gap fits when the trip from where they will be (the previous
 * visit's site, else home) plus the visit fits before the gap closes, and
 * the trip on to the next visit still fits. The score is a sum of integer
 * penalties, so the order is exact and the same everywhere; ties go to the
 * lower technician id. Every penalty has its words, so the dispatcher sees
 * why a technician is where they are.
 */

/* Penalties, in points off 1000. */
#define PENALTY_MISSING_SKILL     300
#define PENALTY_PER_TRAVEL_MINUTE 2
#define PENALTY_PER_VISIT         15
#define BUSY_MINUTES_PER_POINT    6    /* 10 points per busy hour */
#define WAIT_MINUTES_PER_POINT    3    /* 20 points per hour until free */
#define PENALTY_LATE              200
#define PENALTY_PER_LATE_MINUTE   2
#define SLA_MARGIN_MINUTES        60   /* less slack than this costs a point a minute */
#define WAIT_WORTH_SAYING         (30 * 60)

struct _OnsiteCandidate
{
  GObject             parent_instance;

  OnsiteTech         *tech;
  guint               rank;
  int                 score;
  gint64              start;
  gint64              end;
  gint64              previous_visit_id;
  int                 travel_seconds;
  OnsiteTravelSource  travel_source;
  guint               n_visits;
  int                 busy_seconds;
  gint64              sla_slack;
  GStrv               missing_skills;
  GStrv               terms;
  char               *explanation;
  guint               feasible : 1;
  guint               has_sla : 1;
};

G_DEFINE_FINAL_TYPE (OnsiteCandidate, onsite_candidate, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TECH,
  PROP_RANK,
  PROP_SCORE,
  PROP_FEASIBLE,
  PROP_START,
  PROP_END,
  PROP_TRAVEL_SECONDS,
  PROP_EXPLANATION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
onsite_candidate_finalize (GObject *object)
{
  OnsiteCandidate *self = (OnsiteCandidate *)object;

  g_clear_object (&self->tech);
  g_clear_pointer (&self->missing_skills, g_strfreev);
  g_clear_pointer (&self->terms, g_strfreev);
  g_clear_pointer (&self->explanation, g_free);

  G_OBJECT_CLASS (onsite_candidate_parent_class)->finalize (object);
}

static void
onsite_candidate_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OnsiteCandidate *self = ONSITE_CANDIDATE (object);

  switch (prop_id)
    {
    case PROP_TECH:
      g_value_set_object (value, self->tech);
      break;

    case PROP_RANK:
      g_value_set_uint (value, self->rank);
      break;

    case PROP_SCORE:
      g_value_set_int (value, self->score);
      break;

    case PROP_FEASIBLE:
      g_value_set_boolean (value, self->feasible);
      break;

    case PROP_START:
      g_value_set_int64 (value, self->start);
      break;

    case PROP_END:
      g_value_set_int64 (value, self->end);
      break;

    case PROP_TRAVEL_SECONDS:
      g_value_set_int (value, self->travel_seconds);
      break;

    case PROP_EXPLANATION:
      g_value_set_string (value, self->explanation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_candidate_class_init (OnsiteCandidateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onsite_candidate_finalize;
  object_class->get_property = onsite_candidate_get_property;

  properties [PROP_TECH] = g_param_spec_object ("tech", NULL, NULL, ONSITE_TYPE_TECH, flags);
  properties [PROP_RANK] = g_param_spec_uint ("rank", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties [PROP_SCORE] = g_param_spec_int ("score", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  properties [PROP_FEASIBLE] = g_param_spec_boolean ("feasible", NULL, NULL, FALSE, flags);
  properties [PROP_START] = g_param_spec_int64 ("start", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties [PROP_END] = g_param_spec_int64 ("end", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties [PROP_TRAVEL_SECONDS] = g_param_spec_int ("travel-seconds", NULL, NULL, 0, G_MAXINT, 0, flags);
  /* "has printer skill · 12 min away · 3 visits today · …": plain text. */
  properties [PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onsite_candidate_init (OnsiteCandidate *self)
{
}

OnsiteTech *
onsite_candidate_get_tech (OnsiteCandidate *self)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), NULL);
  return self->tech;
}

/**
 * onsite_candidate_get_rank:
 *
 * Returns: 1 for the best candidate
 */
guint
onsite_candidate_get_rank (OnsiteCandidate *self)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), 0);
  return self->rank;
}

int
onsite_candidate_get_score (OnsiteCandidate *self)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), 0);
  return self->score;
}

/**
 * onsite_candidate_get_feasible:
 *
 * Returns: whether the technician has a free slot that day; the others
 *   come last and their start and end are 0
 */
gboolean
onsite_candidate_get_feasible (OnsiteCandidate *self)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), FALSE);
  return self->feasible;
}

/**
 * onsite_candidate_get_start:
 *
 * Returns: the earliest start of the visit (arrival on site), or 0
 */
gint64
onsite_candidate_get_start (OnsiteCandidate *self)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), 0);
  return self->start;
}

gint64
onsite_candidate_get_end (OnsiteCandidate *self)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), 0);
  return self->end;
}

/**
 * onsite_candidate_get_previous_visit_id:
 *
 * Returns: the visit the technician comes from, or 0 when from home
 */
gint64
onsite_candidate_get_previous_visit_id (OnsiteCandidate *self)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), 0);
  return self->previous_visit_id;
}

int
onsite_candidate_get_travel_seconds (OnsiteCandidate *self)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), 0);
  return self->travel_seconds;
}

OnsiteTravelSource
onsite_candidate_get_travel_source (OnsiteCandidate *self)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), ONSITE_TRAVEL_UNKNOWN);
  return self->travel_source;
}

guint
onsite_candidate_get_n_visits (OnsiteCandidate *self)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), 0);
  return self->n_visits;
}

int
onsite_candidate_get_busy_seconds (OnsiteCandidate *self)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), 0);
  return self->busy_seconds;
}

/**
 * onsite_candidate_get_sla_slack:
 * @slack: (out) (optional): due time minus arrival; negative when late
 *
 * Returns: whether the ticket has an SLA due time and a slot was found
 */
gboolean
onsite_candidate_get_sla_slack (OnsiteCandidate *self,
                                gint64          *slack)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), FALSE);

  if (slack)
    *slack = self->sla_slack;
  return self->has_sla;
}

/**
 * onsite_candidate_get_missing_skills:
 *
 * Returns: (transfer none) (array zero-terminated=1): skills needed that
 *   the technician lacks
 */
const char * const *
onsite_candidate_get_missing_skills (OnsiteCandidate *self)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), NULL);
  return (const char * const *)self->missing_skills;
}

/**
 * onsite_candidate_get_terms:
 *
 * Returns: (transfer none) (array zero-terminated=1): the terms of the
 *   score in words: skills, travel, workload, SLA, and when the technician
 *   is free if that is much later
 */
const char * const *
onsite_candidate_get_terms (OnsiteCandidate *self)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), NULL);
  return (const char * const *)self->terms;
}

/**
 * onsite_candidate_get_explanation:
 *
 * Returns: the terms joined with " · ", plain text
 */
const char *
onsite_candidate_get_explanation (OnsiteCandidate *self)
{
  g_return_val_if_fail (ONSITE_IS_CANDIDATE (self), NULL);
  return self->explanation;
}

/* Ranking ----------------------------------------------------------------- */

/**
 * onsite_rank_request_init_from_ticket:
 *
 * Fills @request from @ticket; the strings stay the ticket's.
 */
void
onsite_rank_request_init_from_ticket (OnsiteRankRequest *request,
                                      OnsiteTicket      *ticket)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (ONSITE_IS_TICKET (ticket));

  memset (request, 0, sizeof *request);
  request->ticket_id = onsite_ticket_get_id (ticket);
  request->title = onsite_ticket_get_title (ticket);
  request->category = onsite_ticket_get_category (ticket);
  request->has_location = onsite_ticket_get_location (ticket, &request->latitude, &request->longitude);
  request->sla_due = onsite_ticket_get_sla_due (ticket);
}

typedef enum
{
  NO_SLOT_NONE,
  NO_SLOT_NOT_WORKING,
  NO_SLOT_ABSENT,
  NO_SLOT_FULL,
} NoSlot;

typedef struct
{
  const OnsiteRankRequest     *request;
  const OnsiteDispatchOptions *options;
  const OnsitePoint           *target;     /* NULL when unknown */
  gint64                       not_before;
  int                          duration;
  int                          snap;
} Search;

typedef struct
{
  gboolean              found;
  gint64                start;
  gint64                end;
  gint64                previous_visit_id;
  OnsiteTravelEstimate  travel;
} Slot;

static gint64
round_up (gint64 t,
          int    snap)
{
  gint64 r;

  if (snap <= 1)
    return t;

  r = t % snap;
  if (r < 0)
    r += snap;
  return r == 0 ? t : t + (snap - r);
}

static gboolean
try_gap (const Search      *search,
         gint64             gap_start,
         gint64             gap_end,
         const OnsitePoint *from,
         gint64             from_visit_id,
         OnsiteVisit       *next,
         Slot              *slot)
{
  OnsiteTravelEstimate in, out;
  OnsitePoint next_point;
  gint64 start, end;

  if (gap_end <= gap_start)
    return FALSE;

  _onsite_dispatch_travel (search->options, from, search->target, &in);

  start = round_up (MAX (gap_start, search->not_before) + in.seconds, search->snap);
  end = start + search->duration;
  if (end > gap_end)
    return FALSE;

  if (next != NULL)
    {
      _onsite_dispatch_travel (search->options, search->target,
                               _onsite_visit_get_point (next, &next_point) ? &next_point : NULL,
                               &out);
      if (end + out.seconds > next->start)
        return FALSE;
    }

  slot->found = TRUE;
  slot->start = start;
  slot->end = end;
  slot->previous_visit_id = from_visit_id;
  slot->travel = in;
  return TRUE;
}

/* The earliest slot in one technician's day. */
static NoSlot
find_slot (const Search   *search,
           OnsiteDayEntry *entry,
           Slot           *slot)
{
  GPtrArray *visits = entry->visits;
  OnsitePoint home, last_point;
  const OnsitePoint *last = NULL;
  gint64 last_id = 0;
  gint64 carry_end = G_MININT64;
  guint vi = 0;

  memset (slot, 0, sizeof *slot);

  if (entry->hours->len == 0)
    return NO_SLOT_NOT_WORKING;
  if (entry->periods->len == 0)
    return NO_SLOT_ABSENT;

  if (onsite_tech_get_home (entry->tech, &home.latitude, &home.longitude))
    last = &home;

  for (guint p = 0; p < entry->periods->len; p++)
    {
      const OnsiteInterval *period = &g_array_index (entry->periods, OnsiteInterval, p);
      gint64 cursor = MAX (period->start, carry_end);

      if (period->end <= search->not_before)
        {
          /* Already over: only where the technician ends up matters. */
          while (vi < visits->len &&
                 ((OnsiteVisit *)g_ptr_array_index (visits, vi))->start < period->end)
            {
              OnsiteVisit *v = g_ptr_array_index (visits, vi++);

              if (v->ticket_id == search->request->ticket_id)
                continue;
              carry_end = MAX (carry_end, v->end);
              last = _onsite_visit_get_point (v, &last_point) ? &last_point : last;
              last_id = v->id;
            }
          continue;
        }

      while (vi < visits->len)
        {
          OnsiteVisit *v = g_ptr_array_index (visits, vi);

          if (v->start >= period->end)
            break;
          vi++;

          /* The ticket's own visit is the one being placed. */
          if (v->ticket_id == search->request->ticket_id)
            continue;

          if (v->start > cursor &&
              try_gap (search, cursor, v->start, last, last_id, v, slot))
            return NO_SLOT_NONE;

          cursor = MAX (cursor, v->end);
          carry_end = MAX (carry_end, v->end);
          last = _onsite_visit_get_point (v, &last_point) ? &last_point : last;
          last_id = v->id;
        }

      {
        OnsiteVisit *next = NULL;

        for (guint k = vi; k < visits->len && next == NULL; k++)
          {
            OnsiteVisit *v = g_ptr_array_index (visits, k);

            if (v->ticket_id != search->request->ticket_id)
              next = v;
          }

        if (try_gap (search, cursor, period->end, last, last_id, next, slot))
          return NO_SLOT_NONE;
      }
    }

  return NO_SLOT_FULL;
}

typedef struct
{
  OnsiteDayEntry *entry;
  gint64          tech_id;
  int             score;
  gboolean        feasible;
  NoSlot          no_slot;
  Slot            slot;
  guint           n_visits;
  gint64          busy;
  guint           n_missing;
  const char     *missing[8];
  gboolean        has_sla;
  gint64          slack;
} Evaluation;

static int
compare_evaluations (gconstpointer a,
                     gconstpointer b)
{
  const Evaluation *ea = a;
  const Evaluation *eb = b;

  if (ea->feasible != eb->feasible)
    return ea->feasible ? -1 : 1;
  if (ea->score != eb->score)
    return ea->score > eb->score ? -1 : 1;
  return ea->tech_id < eb->tech_id ? -1 : (ea->tech_id > eb->tech_id);
}

static int
minutes_up (gint64 seconds)
{
  return (int)((MAX (0, seconds) + 59) / 60);
}

static void
evaluate (const Search   *search,
          OnsiteDayEntry *entry,
          const char * const *needed,
          gint64          reference,
          Evaluation     *eval)
{
  int score = 1000;

  eval->entry = entry;
  eval->tech_id = onsite_tech_get_id (entry->tech);

  for (guint k = 0; needed[k]; k++)
    {
      if (!onsite_tech_has_skill (entry->tech, needed[k]) && eval->n_missing < G_N_ELEMENTS (eval->missing))
        eval->missing[eval->n_missing++] = needed[k];
    }

  for (guint i = 0; i < entry->visits->len; i++)
    {
      OnsiteVisit *v = g_ptr_array_index (entry->visits, i);

      if (v->ticket_id == search->request->ticket_id)
        continue;
      eval->n_visits++;
      eval->busy += v->end - v->start;
    }

  eval->no_slot = find_slot (search, entry, &eval->slot);
  eval->feasible = eval->no_slot == NO_SLOT_NONE;

  score -= PENALTY_MISSING_SKILL * (int)eval->n_missing;
  score -= PENALTY_PER_VISIT * (int)eval->n_visits;
  score -= minutes_up (eval->busy) / BUSY_MINUTES_PER_POINT;

  if (eval->feasible)
    {
      score -= PENALTY_PER_TRAVEL_MINUTE * minutes_up (eval->slot.travel.seconds);
      score -= minutes_up (eval->slot.start - reference) / WAIT_MINUTES_PER_POINT;

      if (search->request->sla_due > 0)
        {
          eval->has_sla = TRUE;
          eval->slack = search->request->sla_due - eval->slot.start;

          if (eval->slack < 0)
            score -= PENALTY_LATE + PENALTY_PER_LATE_MINUTE * minutes_up (-eval->slack);
          else if (eval->slack < SLA_MARGIN_MINUTES * 60)
            score -= SLA_MARGIN_MINUTES - (int)(eval->slack / 60);
        }
    }

  eval->score = score;
}

static OnsiteCandidate *
make_candidate (OnsiteDay        *day,
                const Search     *search,
                const Evaluation *eval,
                const char * const *needed,
                gint64            reference,
                gboolean          today)
{
  OnsiteCandidate *self = g_object_new (ONSITE_TYPE_CANDIDATE, NULL);
  g_autoptr(GPtrArray) terms = g_ptr_array_new ();
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();

  self->tech = g_object_ref (eval->entry->tech);
  self->score = eval->score;
  self->feasible = eval->feasible;
  self->n_visits = eval->n_visits;
  self->busy_seconds = (int)eval->busy;

  for (guint k = 0; k < eval->n_missing; k++)
    g_ptr_array_add (missing, g_strdup (eval->missing[k]));
  g_ptr_array_add (missing, NULL);
  self->missing_skills = (GStrv)g_ptr_array_free (g_steal_pointer (&missing), FALSE);

  /* Skills. */
  if (eval->n_missing > 0)
    {
      g_autofree char *list = _onsite_dispatch_join_skills ((const char * const *)self->missing_skills);

      g_ptr_array_add (terms, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "lacks %s skill", "lacks %s skills",
                                                            eval->n_missing), list));
    }
  else if (needed[0] != NULL)
    {
      g_autofree char *list = _onsite_dispatch_join_skills (needed);

      g_ptr_array_add (terms, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "has %s skill", "has %s skills",
                                                            g_strv_length ((char **)needed)), list));
    }
  else
    g_ptr_array_add (terms, g_strdup (_("no special skill needed")));

  /* Travel, or why there is no slot. */
  if (eval->feasible)
    {
      self->start = eval->slot.start;
      self->end = eval->slot.end;
      self->previous_visit_id = eval->slot.previous_visit_id;
      self->travel_seconds = eval->slot.travel.seconds;
      self->travel_source = eval->slot.travel.source;

      if (eval->slot.travel.source == ONSITE_TRAVEL_UNKNOWN)
        g_ptr_array_add (terms, g_strdup (_("distance unknown")));
      else if (eval->slot.travel.seconds == 0)
        g_ptr_array_add (terms, g_strdup (_("already there")));
      else
        {
          g_autofree char *minutes = onsite_travel_format_minutes (eval->slot.travel.seconds);

          if (eval->slot.travel.source == ONSITE_TRAVEL_ROUTER)
            /* Translators: "12 min away by road" */
            g_ptr_array_add (terms, g_strdup_printf (_("%s away by road"), minutes));
          else
            /* Translators: "≈12 min away (estimate)": estimated from the
             * distance, not asked of a routing server */
            g_ptr_array_add (terms, g_strdup_printf (_("≈%s away (estimate)"), minutes));
        }
    }
  else
    {
      switch (eval->no_slot)
        {
        case NO_SLOT_NOT_WORKING:
          g_ptr_array_add (terms, g_strdup (today ? _("not working today") : _("not working that day")));
          break;
        case NO_SLOT_ABSENT:
          g_ptr_array_add (terms, g_strdup (today ? _("away today") : _("away that day")));
          break;
        case NO_SLOT_FULL:
        case NO_SLOT_NONE:
        default:
          g_ptr_array_add (terms, g_strdup (_("no free slot in working hours")));
          break;
        }
    }

  /* Workload. */
  if (eval->n_visits == 0)
    g_ptr_array_add (terms, g_strdup (today ? _("no visits today") : _("no visits that day")));
  else if (today)
    g_ptr_array_add (terms, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u visit today",
                                                          "%u visits today", eval->n_visits),
                                             eval->n_visits));
  else
    g_ptr_array_add (terms, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u visit that day",
                                                          "%u visits that day", eval->n_visits),
                                             eval->n_visits));

  /* SLA. */
  if (eval->has_sla)
    {
      self->has_sla = TRUE;
      self->sla_slack = eval->slack;

      if (eval->slack >= 0)
        {
          g_autofree char *amount = onsite_travel_format_minutes (eval->slack);

          g_ptr_array_add (terms, g_strdup_printf (_("arrives %s before SLA breach"), amount));
        }
      else
        {
          g_autofree char *amount = onsite_travel_format_minutes (-eval->slack);

          g_ptr_array_add (terms, g_strdup_printf (_("arrives %s after SLA breach"), amount));
        }
    }

  /* When free, if that is much later than the others could be. */
  if (eval->feasible && eval->slot.start - reference >= WAIT_WORTH_SAYING)
    {
      g_autofree char *at = onsite_day_format_time (day, eval->slot.start);

      g_ptr_array_add (terms, g_strdup_printf (_("free at %s"), at));
    }

  g_ptr_array_add (terms, NULL);
  self->terms = (GStrv)g_ptr_array_free (g_steal_pointer (&terms), FALSE);
  self->explanation = g_strjoinv (" · ", self->terms);

  return self;
}

/**
 * onsite_rank_candidates:
 * @day: the technicians and their visits
 * @request: the ticket to place
 * @options: (nullable): the present, the visit length, the travel estimate
 *
 * Ranks every technician of @day for @request: those with a free slot
 * first, by score, ties by id. Inactive technicians are left out.
 *
 * Returns: (transfer full): the candidates (#OnsiteCandidate), best first
 */
GListModel *
onsite_rank_candidates (OnsiteDay                   *day,
                        const OnsiteRankRequest     *request,
                        const OnsiteDispatchOptions *options)
{
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GArray) evaluations = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  OnsiteDispatchOptions defaults;
  const char * const *needed;
  OnsitePoint target;
  Search search = { 0 };
  gint64 reference = G_MAXINT64;
  gboolean today;
  int minutes;
  guint n;

  g_return_val_if_fail (ONSITE_IS_DAY (day), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (options == NULL)
    {
      onsite_dispatch_options_init (&defaults);
      options = &defaults;
    }

  needed = onsite_dispatch_rules_for_category (request->category, &minutes);
  if (request->skills != NULL)
    needed = request->skills;

  target.latitude = request->latitude;
  target.longitude = request->longitude;

  search.request = request;
  search.options = options;
  search.target = request->has_location ? &target : NULL;
  search.not_before = options->now;
  search.duration = options->duration > 0 ? options->duration : minutes * 60;
  search.snap = options->snap > 0 ? options->snap : 1;

  _onsite_day_prepare (day);
  n = _onsite_day_get_n_entries (day);

  /* Waiting is counted from the present, or from the day's first hour. */
  if (options->now > 0)
    reference = options->now;
  else
    {
      for (guint i = 0; i < n; i++)
        {
          OnsiteDayEntry *entry = _onsite_day_get_entry (day, i);

          if (entry->periods->len > 0)
            reference = MIN (reference, g_array_index (entry->periods, OnsiteInterval, 0).start);
        }
      if (reference == G_MAXINT64)
        reference = onsite_day_get_start (day);
    }

  today = options->now >= onsite_day_get_start (day) && options->now < onsite_day_get_end (day);

  evaluations = g_array_sized_new (FALSE, TRUE, sizeof (Evaluation), n);
  for (guint i = 0; i < n; i++)
    {
      OnsiteDayEntry *entry = _onsite_day_get_entry (day, i);
      Evaluation eval = { 0 };

      if (!onsite_tech_get_active (entry->tech))
        continue;

      evaluate (&search, entry, needed, reference, &eval);
      g_array_append_val (evaluations, eval);
    }

  g_array_sort (evaluations, compare_evaluations);

  candidates = g_ptr_array_new_full (evaluations->len, g_object_unref);
  for (guint i = 0; i < evaluations->len; i++)
    {
      OnsiteCandidate *candidate = make_candidate (day, &search,
                                                   &g_array_index (evaluations, Evaluation, i),
                                                   needed, reference, today);

      candidate->rank = i + 1;
      g_ptr_array_add (candidates, candidate);
    }

  store = g_list_store_new (ONSITE_TYPE_CANDIDATE);
  g_list_store_splice (store, 0, 0, candidates->pdata, candidates->len);

  return G_LIST_MODEL (g_steal_pointer (&store));
}
