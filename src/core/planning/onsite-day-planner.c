/* onsite-day-planner.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-day-planner"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "onsite-day-plan-private.h"
#include "onsite-day-planner.h"
#include "onsite-planner.h"
#include "onsite-store-dispatch.h"
#include "dispatch/onsite-day-private.h"

/*
 * OnsiteDayPlanner turns one day of the store into a problem for the
 * planner (onsite-planner.c) and its answer into a proposal
 * (onsite-day-plan.c) that the dispatcher reviews.
 *
 * - Each active technician is one route from home to home over their
 *   working hours of the day, absences taken out. A break between two
 *   working periods is a visit pinned to the technician at that time, at a
 *   place with no travel to or from it: the technician is not available
 *   then, and the trip from the visit before the break to the one after it
 *   may happen during the break (the conflict checks see it the same way:
 *   the gap is long enough).
 * - Visits that are in progress (en route, on site) start the technician's
 *   route where they are; pinned visits keep their technician and time;
 *   visits of tickets that are no longer open are left alone too. None of
 *   these ever changes.
 * - The other planned visits, the visits nobody is assigned to, and open
 *   tickets due by the end of the day that have no visit yet are placed by
 *   the planner: skills and length from the category rules, the SLA due
 *   time as the time that counts as a breach, priority from the ticket.
 * - Travel comes from the ranking's own estimate (_onsite_dispatch_travel()),
 *   rounded up to whole minutes so that planned times read like a person's.
 *
 * The planner starts from the current plan (re-planning), so a day that
 * changed a little changes a little.
 */

#define BREAK_ID (-1)

typedef enum
{
  ITEM_VISIT,
  ITEM_TICKET,
  ITEM_BREAK,
} ItemKind;

typedef struct
{
  ItemKind      kind;
  OnsiteVisit  *visit;       /* ITEM_VISIT */
  OnsiteTicket *ticket;      /* ITEM_TICKET */
  guint         location;
  double        duration;
  double        due;         /* seconds into the day, or INFINITY */
  int           priority;
  const char   *category;
  int           k_before;    /* technician index now, or -1 */
  double        rel_before;  /* start now, seconds into the day */
  int           pinned_k;    /* technician the visit is pinned to, or -1 */
  double        pinned_time; /* or NAN */
  gboolean      in_progress;
  gboolean      fixed;
  int           index;       /* in the problem, or -1 when left out of it */
} Item;

typedef struct
{
  OnsiteTech *tech;
  guint       home;
  guint       start_location;
  double      shift_start;
  double      shift_end;
  gint64      current_visit_id;  /* the in-progress visit the route starts with */
  double      current_end;       /* when that visit is planned to end */
} TechInfo;

typedef struct
{
  gboolean    has_point;
  OnsitePoint point;
} Place;

struct _OnsiteDayPlanner
{
  GObject                parent_instance;

  OnsiteDayPlanOptions   options;
  OnsiteDispatchOptions  dispatch;

  OnsiteDay             *day;
  GPtrArray             *tickets;
  OnsitePlanProblem     *problem;
  OnsitePlanSolution    *initial;
  GArray                *items;      /* Item */
  GArray                *techs;      /* TechInfo, one per problem technician */
  OnsitePlanner         *planner;    /* the running or last run */
};

G_DEFINE_FINAL_TYPE (OnsiteDayPlanner, onsite_day_planner, G_TYPE_OBJECT)

enum {
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * onsite_day_plan_options_init:
 *
 * No present, seed 1, one second of search, no iteration limit, open
 * tickets included, starts on five minutes, the offline travel estimate.
 */
void
onsite_day_plan_options_init (OnsiteDayPlanOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->seed = 1;
  options->time_limit = 1.0;
  options->include_open_tickets = TRUE;
  options->snap = 5 * 60;
}

static void
clear_item (gpointer data)
{
  Item *item = data;

  g_clear_object (&item->visit);
  g_clear_object (&item->ticket);
}

static void
clear_tech (gpointer data)
{
  TechInfo *info = data;

  g_clear_object (&info->tech);
}

static void
onsite_day_planner_finalize (GObject *object)
{
  OnsiteDayPlanner *self = (OnsiteDayPlanner *)object;

  g_clear_object (&self->day);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  g_clear_pointer (&self->problem, onsite_plan_problem_unref);
  g_clear_pointer (&self->initial, onsite_plan_solution_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->techs, g_array_unref);
  g_clear_object (&self->planner);

  G_OBJECT_CLASS (onsite_day_planner_parent_class)->finalize (object);
}

static void
onsite_day_planner_class_init (OnsiteDayPlannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onsite_day_planner_finalize;

  /**
   * OnsiteDayPlanner::progress:
   * @fraction: the part of the time (or iteration) budget used, 0 to 1
   *
   * Emitted in the thread that started planning, at most about a hundred
   * times a run.
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_DOUBLE);
}

static void
onsite_day_planner_init (OnsiteDayPlanner *self)
{
  onsite_day_plan_options_init (&self->options);
  onsite_dispatch_options_init (&self->dispatch);
}

/**
 * onsite_day_planner_new:
 * @options: (nullable): how to plan; %NULL for the defaults. Copied; the
 *   travel settings it points to must outlive the planner.
 *
 * Returns: (transfer full): a planner with no day yet
 */
OnsiteDayPlanner *
onsite_day_planner_new (const OnsiteDayPlanOptions *options)
{
  OnsiteDayPlanner *self = g_object_new (ONSITE_TYPE_DAY_PLANNER, NULL);

  if (options != NULL)
    self->options = *options;
  if (self->options.dispatch != NULL)
    self->dispatch = *self->options.dispatch;
  self->dispatch.now = self->options.now;
  self->options.dispatch = &self->dispatch;

  return self;
}

/* Building the problem ---------------------------------------------------- */

static guint
add_place (GArray      *places,
           GHashTable  *index,
           gboolean     has_point,
           double       latitude,
           double       longitude)
{
  g_autofree char *key = NULL;
  gpointer found;
  Place place = { 0 };

  /* Place 0 is nowhere: no travel to or from it. */
  if (!has_point)
    return 0;

  key = g_strdup_printf ("%.7f,%.7f", latitude, longitude);
  if (g_hash_table_lookup_extended (index, key, NULL, &found))
    return GPOINTER_TO_UINT (found);

  place.has_point = TRUE;
  place.point.latitude = latitude;
  place.point.longitude = longitude;
  g_array_append_val (places, place);
  g_hash_table_insert (index, g_steal_pointer (&key), GUINT_TO_POINTER (places->len - 1));

  return places->len - 1;
}

static int
clamp_priority (int priority)
{
  return priority >= 1 && priority <= 4 ? priority : 3;
}

static gboolean
visit_in_progress (OnsiteVisit *visit)
{
  OnsiteVisitState state = onsite_visit_get_state (visit);

  return state == ONSITE_VISIT_EN_ROUTE || state == ONSITE_VISIT_ON_SITE;
}

static gboolean
visit_is_current (OnsiteVisit *visit)
{
  return onsite_visit_get_state (visit) == ONSITE_VISIT_PLANNED || visit_in_progress (visit);
}

static int
find_tech_index (OnsiteDayPlanner *self,
                 gint64            technician_id)
{
  for (guint k = 0; k < self->techs->len; k++)
    if (onsite_tech_get_id (g_array_index (self->techs, TechInfo, k).tech) == technician_id)
      return (int) k;

  return -1;
}

static void
add_visit_item (OnsiteDayPlanner *self,
                GArray           *places,
                GHashTable       *place_index,
                OnsiteVisit      *visit)
{
  gint64 day_start = onsite_day_get_start (self->day);
  Item item = { 0 };
  double lat = 0, lon = 0;
  gboolean has_point;

  has_point = onsite_visit_get_location (visit, &lat, &lon);

  item.kind = ITEM_VISIT;
  item.visit = g_object_ref (visit);
  item.location = add_place (places, place_index, has_point, lat, lon);
  item.duration = MAX (0, onsite_visit_get_end (visit) - onsite_visit_get_start (visit));
  item.due = onsite_visit_get_sla_due (visit) > 0
             ? (double) (onsite_visit_get_sla_due (visit) - day_start) : INFINITY;
  item.priority = clamp_priority (onsite_visit_get_priority (visit));
  item.category = onsite_visit_get_category (visit);
  item.rel_before = (double) (onsite_visit_get_start (visit) - day_start);
  item.pinned_time = NAN;
  item.pinned_k = -1;
  item.index = -1;
  item.k_before = onsite_visit_get_technician_id (visit) > 0
                  ? find_tech_index (self, onsite_visit_get_technician_id (visit)) : -1;
  item.in_progress = visit_in_progress (visit) && item.k_before >= 0;
  /* A closed or resolved ticket's visit cannot be given to anyone else. */
  item.fixed = visit->pinned || visit_in_progress (visit) ||
               !onsite_ticket_status_is_open (visit->ticket_status);

  if (item.fixed && item.k_before >= 0)
    {
      const TechInfo *info = &g_array_index (self->techs, TechInfo, item.k_before);

      item.pinned_k = item.k_before;
      if (visit->id == info->current_visit_id)
        {
          /* The visit the technician is on now: the route starts with it,
           * and it takes what is left of its planned time. */
          double end_rel = (double) (visit->end - day_start);

          item.pinned_time = info->shift_start;
          item.duration = MAX (0, end_rel - info->shift_start);
        }
      else if (!item.in_progress)
        item.pinned_time = item.rel_before;
    }

  g_array_append_val (self->items, item);
}

static void
add_ticket_item (OnsiteDayPlanner *self,
                 GArray           *places,
                 GHashTable       *place_index,
                 OnsiteTicket     *ticket)
{
  gint64 day_start = onsite_day_get_start (self->day);
  Item item = { 0 };
  double lat = 0, lon = 0;
  gboolean has_point;
  int minutes = 60;

  has_point = onsite_ticket_get_location (ticket, &lat, &lon);
  onsite_dispatch_rules_for_category (onsite_ticket_get_category (ticket), &minutes);

  item.kind = ITEM_TICKET;
  item.ticket = g_object_ref (ticket);
  item.location = add_place (places, place_index, has_point, lat, lon);
  item.duration = minutes * 60;
  item.due = onsite_ticket_get_sla_due (ticket) > 0
             ? (double) (onsite_ticket_get_sla_due (ticket) - day_start) : INFINITY;
  item.priority = clamp_priority (onsite_ticket_get_priority (ticket));
  item.category = onsite_ticket_get_category (ticket);
  item.k_before = -1;
  item.pinned_k = -1;
  item.pinned_time = NAN;
  item.index = -1;

  g_array_append_val (self->items, item);
}

static void
add_break_item (OnsiteDayPlanner *self,
                int               k,
                double            start,
                double            end)
{
  Item item = { 0 };

  item.kind = ITEM_BREAK;
  item.location = 0;
  item.duration = end - start;
  item.due = INFINITY;
  item.priority = 1;
  item.k_before = k;
  item.rel_before = start;
  item.pinned_k = k;
  item.pinned_time = start;
  item.fixed = TRUE;
  item.index = -1;

  g_array_append_val (self->items, item);
}

static int
compare_initial (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  GArray *items = user_data;
  const Item *ia = &g_array_index (items, Item, *(const guint *) a);
  const Item *ib = &g_array_index (items, Item, *(const guint *) b);

  if (ia->in_progress != ib->in_progress)
    return ia->in_progress ? -1 : 1;
  if (ia->rel_before != ib->rel_before)
    return ia->rel_before < ib->rel_before ? -1 : 1;
  return ia->index - ib->index;
}

static void
build (OnsiteDayPlanner *self)
{
  gint64 day_start = onsite_day_get_start (self->day);
  double now_rel = -INFINITY;
  g_autoptr(GArray) places = g_array_new (FALSE, TRUE, sizeof (Place));
  g_autoptr(GHashTable) place_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen_tickets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autofree double *matrix = NULL;
  GListModel *techs = onsite_day_get_techs (self->day);
  guint n_places;

  g_clear_pointer (&self->problem, onsite_plan_problem_unref);
  g_clear_pointer (&self->initial, onsite_plan_solution_unref);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->techs, g_array_unref);

  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (self->items, clear_item);
  self->techs = g_array_new (FALSE, TRUE, sizeof (TechInfo));
  g_array_set_clear_func (self->techs, clear_tech);

  if (self->options.now > 0)
    now_rel = (double) (self->options.now - day_start);

  g_array_set_size (places, 1);   /* nowhere */

  /* Technicians: hours, home, and where the one in progress starts from. */
  for (guint i = 0; i < g_list_model_get_n_items (techs); i++)
    {
      g_autoptr(OnsiteTech) tech = g_list_model_get_item (techs, i);
      g_autoptr(GArray) periods = onsite_day_dup_working_periods (self->day, onsite_tech_get_id (tech));
      GListModel *visits = onsite_day_get_visits (self->day, onsite_tech_get_id (tech));
      TechInfo info = { 0 };
      double lat = 0, lon = 0;
      gboolean has_home;
      int k;

      if (!onsite_tech_get_active (tech))
        continue;

      has_home = onsite_tech_get_home (tech, &lat, &lon);
      info.tech = g_object_ref (tech);
      info.home = add_place (places, place_index, has_home, lat, lon);
      info.start_location = info.home;

      if (periods == NULL || periods->len == 0)
        info.shift_start = info.shift_end = 0;
      else
        {
          info.shift_start = (double) (g_array_index (periods, OnsiteInterval, 0).start - day_start);
          info.shift_end = (double) (g_array_index (periods, OnsiteInterval, periods->len - 1).end - day_start);
          info.shift_start = MAX (info.shift_start, now_rel);
        }

      for (guint j = 0; visits && j < g_list_model_get_n_items (visits); j++)
        {
          g_autoptr(OnsiteVisit) visit = g_list_model_get_item (visits, j);
          double lat_v = 0, lon_v = 0;
          gboolean has_v;

          if (!visit_in_progress (visit))
            continue;

          /* Whatever came before the visit the technician is on is past. */
          has_v = onsite_visit_get_location (visit, &lat_v, &lon_v);
          info.start_location = add_place (places, place_index, has_v, lat_v, lon_v);
          info.shift_start = MAX (info.shift_start,
                                  (double) (onsite_visit_get_start (visit) - day_start));
          info.current_visit_id = onsite_visit_get_id (visit);
          info.current_end = (double) (onsite_visit_get_end (visit) - day_start);
          break;
        }

      info.shift_end = MAX (info.shift_end, info.shift_start);
      g_array_append_val (self->techs, info);
      k = (int) self->techs->len - 1;

      /* Breaks between working periods that are still ahead. */
      for (guint p = 0; periods && p + 1 < periods->len; p++)
        {
          double gap_start = (double) (g_array_index (periods, OnsiteInterval, p).end - day_start);
          double gap_end = (double) (g_array_index (periods, OnsiteInterval, p + 1).start - day_start);

          if (gap_end <= info.shift_start || gap_end <= gap_start)
            continue;
          add_break_item (self, k, MAX (gap_start, info.shift_start), gap_end);
        }
    }

  /* The day's visits, assigned or not. */
  for (guint k = 0; k <= g_list_model_get_n_items (techs); k++)
    {
      g_autoptr(OnsiteTech) tech = k < g_list_model_get_n_items (techs) ? g_list_model_get_item (techs, k) : NULL;
      GListModel *visits = onsite_day_get_visits (self->day, tech ? onsite_tech_get_id (tech) : 0);

      for (guint j = 0; visits && j < g_list_model_get_n_items (visits); j++)
        {
          g_autoptr(OnsiteVisit) visit = g_list_model_get_item (visits, j);

          if (!visit_is_current (visit))
            continue;
          if (g_hash_table_contains (seen_tickets, &(gint64) { onsite_visit_get_ticket_id (visit) }))
            continue;

          add_visit_item (self, places, place_index, visit);
          g_hash_table_add (seen_tickets, g_memdup2 (&visit->ticket_id, sizeof (gint64)));
        }
    }

  /* Open tickets without a visit. */
  for (guint i = 0; self->tickets && i < self->tickets->len; i++)
    {
      OnsiteTicket *ticket = g_ptr_array_index (self->tickets, i);

      if (g_hash_table_contains (seen_tickets, &(gint64) { onsite_ticket_get_id (ticket) }))
        continue;
      add_ticket_item (self, places, place_index, ticket);
    }

  /* Travel: the ranking's estimate, in whole minutes. */
  n_places = places->len;
  matrix = g_new0 (double, (gsize) n_places * n_places);
  for (guint a = 0; a < n_places; a++)
    for (guint b = 0; b < n_places; b++)
      {
        const Place *from = &g_array_index (places, Place, a);
        const Place *to = &g_array_index (places, Place, b);
        OnsiteTravelEstimate estimate = { 0 };

        if (a == b || !from->has_point || !to->has_point)
          continue;
        _onsite_dispatch_travel (&self->dispatch, &from->point, &to->point, &estimate);
        matrix[(gsize) a * n_places + b] = ceil (MAX (0, estimate.seconds) / 60.0) * 60.0;
      }

  self->problem = onsite_plan_problem_new (n_places);
  onsite_plan_problem_set_travel_matrix (self->problem, matrix);

  for (guint k = 0; k < self->techs->len; k++)
    {
      TechInfo *info = &g_array_index (self->techs, TechInfo, k);
      const char * const *skills = onsite_tech_get_skills (info->tech);
      OnsitePlanTechnician t;

      onsite_plan_technician_init (&t);
      t.start_location = info->start_location;
      t.end_location = info->home;
      t.shift_start = info->shift_start;
      t.shift_end = info->shift_end;
      /* Someone still on a visit when the shift ends (or planned after
       * hours) finishes it and goes home: a late end, not an impossible
       * day the planner cannot place anything in */
      if (info->current_visit_id != 0)
        {
          double back = matrix[(gsize) info->start_location * n_places + info->home];

          t.shift_end = MAX (t.shift_end, MAX (info->shift_start, info->current_end) + back);
        }
      t.id = onsite_tech_get_id (info->tech);
      for (guint s = 0; skills && skills[s]; s++)
        t.skills |= onsite_plan_problem_skill_bit (self->problem, skills[s]);
      onsite_plan_problem_add_technician (self->problem, &t);
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);
      OnsitePlanVisit v;

      /* A fixed visit of someone not working that day is left alone, and
       * out of the problem. */
      if (item->fixed && item->pinned_k < 0)
        continue;

      onsite_plan_visit_init (&v);
      v.location = item->location;
      v.duration = item->duration;
      v.due = item->due;
      v.priority = item->priority;
      v.id = item->kind == ITEM_BREAK ? BREAK_ID : (gint64) i;

      if (item->fixed)
        {
          v.pinned_technician = item->pinned_k;
          v.pinned_time = item->pinned_time;
          v.in_progress = item->in_progress;
        }
      else
        {
          const char * const *skills = onsite_dispatch_rules_for_category (item->category, NULL);

          for (guint s = 0; skills[s]; s++)
            v.skills |= onsite_plan_problem_skill_bit (self->problem, skills[s]);
          if (isfinite (now_rel))
            v.window_start = now_rel;
        }

      item->index = (int) onsite_plan_problem_add_visit (self->problem, &v);
    }

  /* The current plan, for the planner to start from. */
  self->initial = onsite_plan_solution_new (self->problem);
  for (guint k = 0; k < self->techs->len; k++)
    {
      g_autoptr(GArray) route = g_array_new (FALSE, FALSE, sizeof (guint));

      for (guint i = 0; i < self->items->len; i++)
        {
          const Item *item = &g_array_index (self->items, Item, i);

          if (item->index >= 0 && item->k_before == (int) k)
            g_array_append_val (route, (guint) { (guint) i });
        }

      g_array_sort_with_data (route, compare_initial, self->items);
      for (guint i = 0; i < route->len; i++)
        g_array_index (route, guint, i) = (guint) g_array_index (self->items, Item, g_array_index (route, guint, i)).index;

      onsite_plan_solution_set_route (self->initial, k, (const guint *) route->data, route->len, NULL);
    }
}

/**
 * onsite_day_planner_set_day:
 * @day: the technicians and visits of the day
 * @tickets: (nullable) (element-type OnsiteTicket): open tickets without a
 *   visit to place too; a ticket that has a visit in @day is skipped
 *
 * Prepares the problem from a day made in memory (tests, benchmarks); the
 * app uses onsite_day_planner_load().
 */
void
onsite_day_planner_set_day (OnsiteDayPlanner *self,
                            OnsiteDay        *day,
                            GPtrArray        *tickets)
{
  g_return_if_fail (ONSITE_IS_DAY_PLANNER (self));
  g_return_if_fail (ONSITE_IS_DAY (day));
  g_return_if_fail (self->planner == NULL);

  g_set_object (&self->day, day);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  if (tickets != NULL)
    self->tickets = g_ptr_array_ref (tickets);

  build (self);
}

/**
 * onsite_day_planner_load:
 * @store: the store
 * @date: any time on the day; its time zone says where the day is
 *
 * Reads the day (technicians, visits) and, if the options say so, the open
 * tickets that have no visit and are due by the end of the day (new or
 * open; waiting ones wait for someone else), and prepares the problem.
 *
 * Returns: %TRUE on success
 */
gboolean
onsite_day_planner_load (OnsiteDayPlanner  *self,
                         OnsiteStore       *store,
                         GDateTime         *date,
                         GError           **error)
{
  g_autoptr(OnsiteDay) day = NULL;
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (ONSITE_IS_DAY_PLANNER (self), FALSE);
  g_return_val_if_fail (ONSITE_IS_STORE (store), FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  if (!(day = onsite_store_load_day (store, date, error)))
    return FALSE;

  if (self->options.include_open_tickets)
    {
      if (!(open = onsite_store_list_open_tickets (store, error)))
        return FALSE;

      for (guint i = 0; i < open->len; i++)
        {
          OnsiteTicket *ticket = g_ptr_array_index (open, i);
          OnsiteTicketStatus status = onsite_ticket_get_status (ticket);
          gint64 due = onsite_ticket_get_sla_due (ticket);
          g_autoptr(OnsiteVisit) visit = NULL;
          g_autoptr(GError) local_error = NULL;

          if (status != ONSITE_TICKET_STATUS_NEW && status != ONSITE_TICKET_STATUS_OPEN)
            continue;
          if (due <= 0 || due >= onsite_day_get_end (day))
            continue;

          visit = onsite_store_find_ticket_visit (store, onsite_ticket_get_id (ticket), &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (visit == NULL)
            g_ptr_array_add (tickets, g_object_ref (ticket));
        }
    }

  onsite_day_planner_set_day (self, day, tickets);

  return TRUE;
}

/**
 * onsite_day_planner_get_day:
 *
 * Returns: (transfer none) (nullable): the day being planned
 */
OnsiteDay *
onsite_day_planner_get_day (OnsiteDayPlanner *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLANNER (self), NULL);
  return self->day;
}

/**
 * onsite_day_planner_get_problem:
 *
 * Returns: (transfer none) (nullable): the planner's problem (breaks are
 *   visits with id -1 in it)
 */
OnsitePlanProblem *
onsite_day_planner_get_problem (OnsiteDayPlanner *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLANNER (self), NULL);
  return self->problem;
}

/* From the planner's answer to a proposal ---------------------------------- */

static double
visit_earliest (const OnsitePlanVisit *v)
{
  return isnan (v->pinned_time) ? v->window_start : v->pinned_time;
}

static double
visit_latest (const OnsitePlanVisit *v)
{
  return isnan (v->pinned_time) ? v->window_end : v->pinned_time;
}

/*
 * The planner starts every visit as early as it can. A dispatcher would
 * rather see a visit that keeps its technician keep its time too, and new
 * times on round minutes: so each start is the visit's current time, or the
 * earliest rounded up to the snap, whenever that keeps the rest of the
 * route feasible and causes no breach the earliest times avoid.
 *
 * Returns: -1 when the route is feasible and @starts (by problem visit
 *   index) is filled in, else the first position that cannot be reached in
 *   time (its window, a pin, or the end of the shift)
 */
static int
schedule_route (OnsiteDayPlanner *self,
                guint             technician,
                GArray           *visits,    /* guint, problem visit indices */
                double           *starts)
{
  OnsitePlanProblem *P = self->problem;
  const OnsitePlanTechnician *t = onsite_plan_problem_get_technician (P, technician);
  guint n = visits->len;
  g_autofree double *latest = g_new0 (double, MAX (n, 1));
  g_autofree double *earliest = g_new0 (double, MAX (n, 1));
  g_autofree double *mine = g_new0 (double, MAX (n, 1));
  double next_latest = t->shift_end;
  guint next_location = t->end_location;
  double departure;
  guint prev;
  guint late_earliest = 0, late_mine = 0;
  double snap = self->options.snap > 1 ? self->options.snap : 1;

  for (guint i = n; i-- > 0;)
    {
      const OnsitePlanVisit *v = onsite_plan_problem_get_visit (P, g_array_index (visits, guint, i));

      latest[i] = MIN (visit_latest (v),
                       next_latest - onsite_plan_problem_get_travel (P, v->location, next_location) - v->duration);
      next_latest = latest[i];
      next_location = v->location;
    }

  /* As early as possible: feasible if and only if this is. */
  departure = t->shift_start;
  prev = t->start_location;
  for (guint i = 0; i < n; i++)
    {
      const OnsitePlanVisit *v = onsite_plan_problem_get_visit (P, g_array_index (visits, guint, i));

      earliest[i] = MAX (departure + onsite_plan_problem_get_travel (P, prev, v->location),
                         visit_earliest (v));
      if (earliest[i] > latest[i] + 1e-6)
        return (int) i;
      if (v->id >= 0 && earliest[i] > v->due + 1e-6)
        late_earliest++;
      departure = earliest[i] + v->duration;
      prev = v->location;
    }
  if (n == 0 && t->shift_start > t->shift_end + 1e-6)
    return 0;

  departure = t->shift_start;
  prev = t->start_location;
  for (guint i = 0; i < n; i++)
    {
      const OnsitePlanVisit *v = onsite_plan_problem_get_visit (P, g_array_index (visits, guint, i));
      double arrival = departure + onsite_plan_problem_get_travel (P, prev, v->location);
      double first = MAX (arrival, visit_earliest (v));
      gboolean late_anyway = first > v->due + 1e-6;
      double start = first;

      if (v->id >= 0 && isnan (v->pinned_time))
        {
          const Item *item = &g_array_index (self->items, Item, v->id);
          double kept = item->rel_before;
          double rounded = ceil (first / snap - 1e-9) * snap;

          if (item->kind == ITEM_VISIT && item->k_before == (int) technician &&
              kept >= first - 1e-6 && kept <= latest[i] + 1e-6 &&
              (kept <= v->due + 1e-6 || late_anyway))
            start = kept;
          else if (rounded <= latest[i] + 1e-6 && (rounded <= v->due + 1e-6 || late_anyway))
            start = rounded;
        }

      mine[i] = start;
      if (v->id >= 0 && start > v->due + 1e-6)
        late_mine++;

      departure = start + v->duration;
      prev = v->location;
    }

  for (guint i = 0; i < n; i++)
    starts[g_array_index (visits, guint, i)] = late_mine > late_earliest ? earliest[i] : mine[i];

  return -1;
}

/*
 * The day's proposal must hold whatever the search reports: a route that
 * does not fit (a pin or the end of a shift missed) loses movable visits,
 * least important and latest first, until it does. Fixed visits and breaks
 * are never taken out.
 */
static void
fit_route (OnsiteDayPlanner *self,
           guint             technician,
           GArray           *visits,
           double           *starts,
           int              *route_of)
{
  OnsitePlanProblem *P = self->problem;
  int bad;

  while ((bad = schedule_route (self, technician, visits, starts)) >= 0)
    {
      int worst = -1;

      for (guint i = 0; i < visits->len; i++)
        {
          const OnsitePlanVisit *v = onsite_plan_problem_get_visit (P, g_array_index (visits, guint, i));

          if (v->id < 0 || !isnan (v->pinned_time) || v->in_progress)
            continue;
          if ((int) i > bad)
            break;
          if (worst < 0 ||
              v->priority >= onsite_plan_problem_get_visit (P, g_array_index (visits, guint, worst))->priority)
            worst = (int) i;
        }

      if (worst < 0)
        {
          g_debug ("Technician %u's fixed visits do not fit their day", technician);
          break;
        }

      g_debug ("The planner's route of technician %u misses a time; leaving visit %u out",
               technician, g_array_index (visits, guint, worst));
      route_of[g_array_index (visits, guint, worst)] = -1;
      g_array_remove_index (visits, worst);
    }
}

static char *
reason_text (const Item                 *item,
             OnsitePlanUnassignedReason  reason)
{
  switch (reason)
    {
    case ONSITE_PLAN_UNASSIGNED_NO_SKILLED_TECHNICIAN:
      {
        const char * const *skills = onsite_dispatch_rules_for_category (item->category, NULL);
        g_autofree char *list = _onsite_dispatch_join_skills (skills);
        guint n = g_strv_length ((char **) skills);

        if (n == 0)
          return g_strdup (_("No technician working that day may take it."));
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Nobody working that day has the %s skill.",
                                             "Nobody working that day has the %s skills.",
                                             n),
                                list);
      }

    case ONSITE_PLAN_UNASSIGNED_WINDOW_IMPOSSIBLE:
      return g_strdup (_("No technician who could take it can get there and back within working hours."));

    case ONSITE_PLAN_UNASSIGNED_CAPACITY:
      return g_strdup (_("It needs more than any technician can carry."));

    case ONSITE_PLAN_UNASSIGNED_NO_ROOM:
    default:
      return g_strdup (_("The technicians who could take it are full with more urgent or pinned visits."));
    }
}

static OnsiteDayPlan *
make_plan (OnsiteDayPlanner   *self,
           OnsitePlanSolution *solution,
           gboolean            complete)
{
  OnsitePlanProblem *P = self->problem;
  guint n_visits = onsite_plan_problem_get_n_visits (P);
  g_autofree double *starts = g_new0 (double, MAX (n_visits, 1));
  g_autofree int *route_of = g_new (int, MAX (n_visits, 1));
  g_autofree int *reasons = g_new (int, MAX (n_visits, 1));
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 day_start = onsite_day_get_start (self->day);

  for (guint i = 0; i < n_visits; i++)
    {
      route_of[i] = -1;
      reasons[i] = ONSITE_PLAN_UNASSIGNED_NO_ROOM;
    }

  for (guint k = 0; k < onsite_plan_solution_get_n_routes (solution); k++)
    {
      const OnsitePlanRoute *route = onsite_plan_solution_get_route (solution, k);
      g_autoptr(GArray) visits = g_array_sized_new (FALSE, FALSE, sizeof (guint), route->stops->len);

      for (guint i = 0; i < route->stops->len; i++)
        {
          guint x = g_array_index (route->stops, OnsitePlanStop, i).visit;

          route_of[x] = (int) k;
          g_array_append_val (visits, x);
        }
      fit_route (self, k, visits, starts, route_of);
    }

  for (guint i = 0; i < onsite_plan_solution_get_n_unassigned (solution); i++)
    {
      OnsitePlanUnassignedReason reason;
      guint x = onsite_plan_solution_get_unassigned (solution, i, &reason);

      reasons[x] = reason;
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);
      OnsiteDayPlanChange *change;
      OnsiteTech *tech;
      gboolean placed;

      if (item->kind == ITEM_BREAK)
        continue;

      change = _onsite_day_plan_change_new ();
      g_ptr_array_add (changes, change);

      change->location = item->location;
      change->due = item->due;
      change->k_before = item->k_before;
      change->fixed = item->fixed;

      if (item->kind == ITEM_VISIT)
        {
          change->visit_id = onsite_visit_get_id (item->visit);
          change->ticket_id = onsite_visit_get_ticket_id (item->visit);
          change->title = g_strdup (onsite_visit_get_title (item->visit));
          change->tech_before = onsite_visit_get_technician_id (item->visit);
          change->start_before = onsite_visit_get_start (item->visit);
          change->end_before = onsite_visit_get_end (item->visit);
          if (change->tech_before > 0 &&
              (tech = onsite_day_find_tech (self->day, change->tech_before)))
            change->name_before = g_strdup (onsite_tech_get_name (tech));
        }
      else
        {
          change->ticket_id = onsite_ticket_get_id (item->ticket);
          change->title = g_strdup (onsite_ticket_get_title (item->ticket));
        }

      placed = item->index >= 0 && route_of[item->index] >= 0;

      if (item->fixed)
        {
          change->kind = ONSITE_DAY_PLAN_UNCHANGED;
          if (item->index >= 0 && !placed)
            {
              change->has_reason = TRUE;
              change->reason = reasons[item->index];
              change->reason_text = g_strdup (_("Pinned or in progress, so it stays, although the planner could not fit it into this day."));
            }
        }
      else if (placed)
        {
          int k = route_of[item->index];

          tech = g_array_index (self->techs, TechInfo, k).tech;
          change->k_after = k;
          change->tech_after = onsite_tech_get_id (tech);
          change->name_after = g_strdup (onsite_tech_get_name (tech));
          change->start_after = day_start + (gint64) llround (starts[item->index]);
          change->end_after = change->start_after + (gint64) llround (item->duration);

          if (change->tech_before <= 0)
            change->kind = ONSITE_DAY_PLAN_ADDED;
          else if (change->tech_before == change->tech_after &&
                   change->start_before == change->start_after &&
                   change->end_before == change->end_after)
            change->kind = ONSITE_DAY_PLAN_UNCHANGED;
          else
            change->kind = ONSITE_DAY_PLAN_MOVED;
        }
      else
        {
          change->kind = ONSITE_DAY_PLAN_UNASSIGNED;
          change->has_reason = TRUE;
          change->reason = item->index >= 0 ? reasons[item->index] : ONSITE_PLAN_UNASSIGNED_NO_ROOM;
          change->reason_text = reason_text (item, change->reason);
        }

      change->applicable = !change->fixed &&
                           (change->kind == ONSITE_DAY_PLAN_ADDED ||
                            change->kind == ONSITE_DAY_PLAN_MOVED ||
                            (change->kind == ONSITE_DAY_PLAN_UNASSIGNED && change->tech_before > 0));
      change->selected = change->applicable;

      if (change->kind == ONSITE_DAY_PLAN_UNCHANGED)
        {
          change->k_after = change->k_before;
          change->tech_after = change->tech_before;
          change->start_after = change->start_before;
          change->end_after = change->end_before;
          g_free (change->name_after);
          change->name_after = g_strdup (change->name_before);
        }
    }

  return _onsite_day_plan_new (self->day, P, changes, complete);
}

/* Running ------------------------------------------------------------------ */

static void
planner_progress_cb (OnsitePlanner    *planner,
                     double            fraction,
                     gboolean          improved,
                     OnsiteDayPlanner *self)
{
  g_signal_emit (self, signals[PROGRESS], 0, fraction);
}

static OnsitePlanner *
start_planner (OnsiteDayPlanner *self)
{
  OnsitePlanner *planner = onsite_planner_new (self->problem);

  onsite_planner_set_seed (planner, self->options.seed);
  onsite_planner_set_time_limit (planner, self->options.time_limit);
  onsite_planner_set_max_iterations (planner, self->options.max_iterations);
  onsite_planner_set_initial (planner, self->initial);
  g_signal_connect_object (planner, "progress", G_CALLBACK (planner_progress_cb), self, 0);

  g_set_object (&self->planner, planner);

  return planner;
}

static gboolean
no_day (OnsiteDayPlanner  *self,
        GError           **error)
{
  if (self->problem != NULL)
    return FALSE;

  g_set_error (error, ONSITE_PLAN_ERROR, ONSITE_PLAN_ERROR_INVALID,
               _("There is no day to plan."));
  return TRUE;
}

/**
 * onsite_day_planner_plan:
 * @cancellable: (nullable): stops the search; the best plan found so far
 *   is returned, marked incomplete
 *
 * Plans in the calling thread (tests, benchmarks, the command line).
 *
 * Returns: (transfer full): the proposal, or %NULL with @error set
 */
OnsiteDayPlan *
onsite_day_planner_plan (OnsiteDayPlanner  *self,
                         GCancellable      *cancellable,
                         GError           **error)
{
  g_autoptr(OnsitePlanner) planner = NULL;
  g_autoptr(OnsitePlanSolution) solution = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean complete = TRUE;

  g_return_val_if_fail (ONSITE_IS_DAY_PLANNER (self), NULL);

  if (no_day (self, error))
    return NULL;

  planner = start_planner (self);
  solution = onsite_planner_solve (planner, cancellable, &local_error);
  if (solution == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      solution = onsite_planner_dup_best (planner);
      complete = FALSE;
    }
  if (solution == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return make_plan (self, solution, complete);
}

static void
solve_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  OnsitePlanner *planner = ONSITE_PLANNER (object);
  g_autoptr(GTask) task = user_data;
  OnsiteDayPlanner *self = g_task_get_source_object (task);
  g_autoptr(OnsitePlanSolution) solution = NULL;
  g_autoptr(GError) error = NULL;
  gboolean complete = TRUE;

  solution = onsite_planner_solve_finish (planner, result, &error);
  if (solution == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      solution = onsite_planner_dup_best (planner);
      complete = FALSE;
    }

  if (solution == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, make_plan (self, solution, complete), g_object_unref);
}

/**
 * onsite_day_planner_plan_async:
 * @cancellable: (nullable): stops the search; the best plan found so far
 *   is the result, marked incomplete
 *
 * Plans in a worker thread. ::progress is emitted in the calling thread's
 * main context while it runs.
 */
void
onsite_day_planner_plan_async (OnsiteDayPlanner    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  OnsitePlanner *planner;

  g_return_if_fail (ONSITE_IS_DAY_PLANNER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onsite_day_planner_plan_async);
  /* A stopped search still has an answer: the best plan so far. */
  g_task_set_check_cancellable (task, FALSE);

  if (no_day (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  planner = start_planner (self);
  onsite_planner_solve_async (planner, cancellable, solve_cb, g_steal_pointer (&task));
}

/**
 * onsite_day_planner_plan_finish:
 *
 * Returns: (transfer full): the proposal, or %NULL with @error set
 */
OnsiteDayPlan *
onsite_day_planner_plan_finish (OnsiteDayPlanner  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLANNER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == onsite_day_planner_plan_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * onsite_day_planner_dup_best:
 *
 * The proposal from the best plan found so far; callable while planning
 * runs (from the thread that started it).
 *
 * Returns: (transfer full) (nullable): a proposal, marked incomplete, or
 *   %NULL before planning started
 */
OnsiteDayPlan *
onsite_day_planner_dup_best (OnsiteDayPlanner *self)
{
  g_autoptr(OnsitePlanSolution) best = NULL;

  g_return_val_if_fail (ONSITE_IS_DAY_PLANNER (self), NULL);

  if (self->planner == NULL || !(best = onsite_planner_dup_best (self->planner)))
    return NULL;

  return make_plan (self, best, FALSE);
}
