/* onsite-day.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-day"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "onsite-day-private.h"

/*
 * OnsiteDay: the technicians and their visits on one calendar day, in one
 * time zone. The timeline draws it, the ranking searches it for a free
 * slot and the conflict checks walk it. The store loads one with
 * onsite_store_load_day(); tests and benchmarks build one in memory.
 */
struct _OnsiteDay
{
  GObject     parent_instance;

  GDateTime  *date;          /* local midnight */
  gint64      start;
  gint64      end;
  GPtrArray  *entries;       /* OnsiteDayEntry, in the order added */
  GHashTable *by_id;         /* technician id → OnsiteDayEntry */
  GListStore *techs;
  OnsiteDayEntry *unassigned;
  guint       n_visits;
};

G_DEFINE_FINAL_TYPE (OnsiteDay, onsite_day, G_TYPE_OBJECT)

/* Rules ------------------------------------------------------------------- */

typedef struct
{
  const char *category;
  const char *skills[3];
  int         minutes;
} DispatchRule;

/* What a ticket's category asks of a technician, and how long such a visit
 * usually takes. A category not listed needs no particular skill. */
static const DispatchRule rules[] = {
  { "printer", { "printer" }, 45 },
  { "network", { "network" }, 60 },
  { "cabling", { "cabling" }, 90 },
  { "laptop", { "laptop" }, 45 },
  { "phone", { "phone" }, 30 },
  { "conference-room", { "conference-room", "audio-video" }, 60 },
  { "audio-video", { "audio-video" }, 60 },
};

#define DEFAULT_VISIT_MINUTES 60

/**
 * onsite_dispatch_rules_for_category:
 * @category: (nullable): a ticket category ("printer")
 * @duration_minutes: (out) (optional): how long a visit usually takes
 *
 * Returns: (transfer none) (array zero-terminated=1): the skills a
 *   technician needs for tickets of @category; empty when none
 */
const char * const *
onsite_dispatch_rules_for_category (const char *category,
                                    int        *duration_minutes)
{
  static const char * const none[] = { NULL };

  for (guint i = 0; category && i < G_N_ELEMENTS (rules); i++)
    {
      if (g_ascii_strcasecmp (category, rules[i].category) == 0)
        {
          if (duration_minutes)
            *duration_minutes = rules[i].minutes;
          return rules[i].skills;
        }
    }

  if (duration_minutes)
    *duration_minutes = DEFAULT_VISIT_MINUTES;
  return none;
}

void
onsite_dispatch_options_init (OnsiteDispatchOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->snap = 5 * 60;
}

void
_onsite_dispatch_travel (const OnsiteDispatchOptions *options,
                         const OnsitePoint           *from,
                         const OnsitePoint           *to,
                         OnsiteTravelEstimate        *estimate)
{
  if (from && to && options && options->travel_func)
    {
      estimate->source = ONSITE_TRAVEL_UNKNOWN;
      options->travel_func (from, to, estimate, options->travel_data);
      if (estimate->source != ONSITE_TRAVEL_UNKNOWN)
        return;
    }

  onsite_travel_estimate (options ? options->travel : NULL, from, to, estimate);
}

/* "printer", "network and cabling", "a, b and c" */
char *
_onsite_dispatch_join_skills (const char * const *skills)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = skills ? g_strv_length ((char **)skills) : 0;

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (out, i + 1 == n ? _(" and ") : ", ");
      g_string_append (out, skills[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Visits ------------------------------------------------------------------ */

gboolean
_onsite_visit_takes_time (OnsiteVisit *visit)
{
  return visit->state != ONSITE_VISIT_CANCELLED &&
         visit->state != ONSITE_VISIT_RESCHEDULED &&
         visit->end > visit->start;
}

gboolean
_onsite_visit_get_point (OnsiteVisit *visit,
                         OnsitePoint *point)
{
  if (!visit->has_location)
    return FALSE;

  point->latitude = visit->latitude;
  point->longitude = visit->longitude;
  return TRUE;
}

static int
compare_visits (gconstpointer a,
                gconstpointer b)
{
  OnsiteVisit *va = *(OnsiteVisit **)a;
  OnsiteVisit *vb = *(OnsiteVisit **)b;

  if (va->start != vb->start)
    return va->start < vb->start ? -1 : 1;
  return va->id < vb->id ? -1 : (va->id > vb->id);
}

/* The day ----------------------------------------------------------------- */

static OnsiteDayEntry *
entry_new (OnsiteTech *tech)
{
  OnsiteDayEntry *entry = g_new0 (OnsiteDayEntry, 1);

  entry->tech = tech ? g_object_ref (tech) : NULL;
  entry->visits = g_ptr_array_new ();
  entry->all_visits = g_ptr_array_new_with_free_func (g_object_unref);
  entry->hours = g_array_new (FALSE, FALSE, sizeof (OnsiteInterval));
  entry->periods = g_array_new (FALSE, FALSE, sizeof (OnsiteInterval));

  return entry;
}

static void
entry_free (OnsiteDayEntry *entry)
{
  g_clear_object (&entry->tech);
  g_clear_object (&entry->model);
  g_ptr_array_unref (entry->visits);
  g_ptr_array_unref (entry->all_visits);
  g_array_unref (entry->hours);
  g_array_unref (entry->periods);
  g_free (entry);
}

static void
onsite_day_finalize (GObject *object)
{
  OnsiteDay *self = (OnsiteDay *)object;

  g_clear_pointer (&self->date, g_date_time_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->unassigned, entry_free);
  g_clear_object (&self->techs);

  G_OBJECT_CLASS (onsite_day_parent_class)->finalize (object);
}

static void
onsite_day_class_init (OnsiteDayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onsite_day_finalize;
}

static void
onsite_day_init (OnsiteDay *self)
{
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify)entry_free);
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->techs = g_list_store_new (ONSITE_TYPE_TECH);
  self->unassigned = entry_new (NULL);
}

/**
 * onsite_day_new:
 * @date: any time on the day; its time zone says where the day is
 *
 * Returns: (transfer full): an empty day
 */
OnsiteDay *
onsite_day_new (GDateTime *date)
{
  g_return_val_if_fail (date != NULL, NULL);

  return onsite_day_new_for_date (g_date_time_get_timezone (date),
                                  g_date_time_get_year (date),
                                  g_date_time_get_month (date),
                                  g_date_time_get_day_of_month (date));
}

/**
 * onsite_day_new_for_date:
 * @zone: (nullable): the time zone, %NULL for the local one
 *
 * Returns: (transfer full) (nullable): an empty day, or %NULL for an
 *   impossible date
 */
OnsiteDay *
onsite_day_new_for_date (GTimeZone *zone,
                         int        year,
                         int        month,
                         int        day)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) next = NULL;
  OnsiteDay *self;
  GDateTime *date;

  if (zone == NULL)
    zone = local = g_time_zone_new_local ();

  if (!(date = g_date_time_new (zone, year, month, day, 0, 0, 0)))
    return NULL;

  self = g_object_new (ONSITE_TYPE_DAY, NULL);
  self->date = date;
  self->start = g_date_time_to_unix (date);
  next = g_date_time_add_days (date, 1);
  self->end = g_date_time_to_unix (next);

  return self;
}

/**
 * onsite_day_get_date:
 *
 * Returns: (transfer none): the day's midnight, in its time zone
 */
GDateTime *
onsite_day_get_date (OnsiteDay *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY (self), NULL);

  return self->date;
}

gint64
onsite_day_get_start (OnsiteDay *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY (self), 0);

  return self->start;
}

gint64
onsite_day_get_end (OnsiteDay *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY (self), 0);

  return self->end;
}

/**
 * onsite_day_get_weekday:
 *
 * Returns: 1 = Monday … 7 = Sunday
 */
guint
onsite_day_get_weekday (OnsiteDay *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY (self), 0);

  return g_date_time_get_day_of_week (self->date);
}

/**
 * onsite_day_format_time:
 *
 * Returns: (transfer full): @time as "14:05" in the day's time zone, with
 *   the date in front when it is on another day
 */
char *
onsite_day_format_time (OnsiteDay *self,
                        gint64     time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (ONSITE_IS_DAY (self), NULL);

  utc = g_date_time_new_from_unix_utc (time);
  dt = g_date_time_to_timezone (utc, g_date_time_get_timezone (self->date));

  if (time >= self->start && time < self->end)
    return g_date_time_format (dt, "%H:%M");

  return g_date_time_format (dt, "%d %b %H:%M");
}

void
onsite_day_add_tech (OnsiteDay  *self,
                     OnsiteTech *tech)
{
  OnsiteDayEntry *entry;

  g_return_if_fail (ONSITE_IS_DAY (self));
  g_return_if_fail (ONSITE_IS_TECH (tech));

  if (g_hash_table_contains (self->by_id, &(gint64){ onsite_tech_get_id (tech) }))
    {
      g_warning ("Technician %" G_GINT64_FORMAT " added twice to a day", onsite_tech_get_id (tech));
      return;
    }

  entry = entry_new (tech);
  g_ptr_array_add (self->entries, entry);
  g_hash_table_insert (self->by_id, g_memdup2 (&(gint64){ onsite_tech_get_id (tech) }, sizeof (gint64)), entry);
  g_list_store_append (self->techs, tech);
}

/**
 * onsite_day_add_visit:
 *
 * Adds a visit to its technician's day (or to the unassigned ones). A
 * visit of a technician not in the day goes with the unassigned ones.
 */
void
onsite_day_add_visit (OnsiteDay   *self,
                      OnsiteVisit *visit)
{
  OnsiteDayEntry *entry = NULL;

  g_return_if_fail (ONSITE_IS_DAY (self));
  g_return_if_fail (ONSITE_IS_VISIT (visit));

  if (visit->technician_id > 0)
    entry = g_hash_table_lookup (self->by_id, &visit->technician_id);
  if (entry == NULL)
    entry = self->unassigned;

  g_ptr_array_add (entry->all_visits, g_object_ref (visit));
  entry->prepared = FALSE;
  g_clear_object (&entry->model);
  self->n_visits++;
}

/**
 * onsite_day_get_techs:
 *
 * Returns: (transfer none): the technicians (#OnsiteTech), in the order
 *   they were added (the store adds them by name)
 */
GListModel *
onsite_day_get_techs (OnsiteDay *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY (self), NULL);

  return G_LIST_MODEL (self->techs);
}

/**
 * onsite_day_find_tech:
 *
 * Returns: (transfer none) (nullable): the technician
 */
OnsiteTech *
onsite_day_find_tech (OnsiteDay *self,
                      gint64     technician_id)
{
  OnsiteDayEntry *entry;

  g_return_val_if_fail (ONSITE_IS_DAY (self), NULL);

  entry = g_hash_table_lookup (self->by_id, &technician_id);

  return entry ? entry->tech : NULL;
}

guint
onsite_day_get_n_visits (OnsiteDay *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY (self), 0);

  return self->n_visits;
}

static OnsiteDayEntry *
find_entry (OnsiteDay *self,
            gint64     technician_id)
{
  if (technician_id <= 0)
    return self->unassigned;

  return g_hash_table_lookup (self->by_id, &technician_id);
}

/* Subtracts @cut from every interval of @periods. */
static void
subtract (GArray         *periods,
          OnsiteInterval  cut)
{
  for (guint i = 0; i < periods->len; i++)
    {
      OnsiteInterval *p = &g_array_index (periods, OnsiteInterval, i);

      if (cut.end <= p->start || cut.start >= p->end)
        continue;

      if (cut.start > p->start && cut.end < p->end)
        {
          OnsiteInterval tail = { cut.end, p->end };

          p->end = cut.start;
          g_array_insert_val (periods, i + 1, tail);
          i++;
        }
      else if (cut.start > p->start)
        p->end = cut.start;
      else if (cut.end < p->end)
        p->start = cut.end;
      else
        {
          g_array_remove_index (periods, i);
          i--;
        }
    }
}

static void
prepare_entry (OnsiteDay      *self,
               OnsiteDayEntry *entry)
{
  GTimeZone *zone = g_date_time_get_timezone (self->date);
  int year, month, day;
  guint weekday;

  if (entry->prepared)
    return;

  g_ptr_array_set_size (entry->visits, 0);
  g_ptr_array_sort (entry->all_visits, compare_visits);
  for (guint i = 0; i < entry->all_visits->len; i++)
    {
      OnsiteVisit *visit = g_ptr_array_index (entry->all_visits, i);

      if (_onsite_visit_takes_time (visit))
        g_ptr_array_add (entry->visits, visit);
    }

  g_array_set_size (entry->hours, 0);
  g_array_set_size (entry->periods, 0);

  if (entry->tech != NULL)
    {
      const OnsiteWorkPeriod *hours;
      const OnsiteAbsence *absences;
      guint n_hours, n_absences;

      g_date_time_get_ymd (self->date, &year, &month, &day);
      weekday = g_date_time_get_day_of_week (self->date);
      hours = onsite_tech_get_work_periods (entry->tech, &n_hours);

      for (guint i = 0; i < n_hours; i++)
        {
          g_autoptr(GDateTime) from = NULL;
          g_autoptr(GDateTime) to = NULL;
          OnsiteInterval interval;

          if (hours[i].weekday != weekday)
            continue;

          /* Through GDateTime, so that a day with a clock change is right. */
          from = g_date_time_new (zone, year, month, day,
                                  hours[i].start_minute / 60, hours[i].start_minute % 60, 0);
          if (hours[i].end_minute >= 24 * 60)
            to = g_date_time_add_days (self->date, 1);
          else
            to = g_date_time_new (zone, year, month, day,
                                  hours[i].end_minute / 60, hours[i].end_minute % 60, 0);
          if (from == NULL || to == NULL)
            continue;

          interval.start = g_date_time_to_unix (from);
          interval.end = g_date_time_to_unix (to);
          if (interval.end > interval.start)
            g_array_append_val (entry->hours, interval);
        }

      g_array_append_vals (entry->periods, entry->hours->data, entry->hours->len);

      absences = onsite_tech_get_absences (entry->tech, &n_absences);
      for (guint i = 0; i < n_absences; i++)
        subtract (entry->periods, (OnsiteInterval) { absences[i].starts_at, absences[i].ends_at });
    }

  entry->prepared = TRUE;
}

guint
_onsite_day_get_n_entries (OnsiteDay *self)
{
  return self->entries->len;
}

OnsiteDayEntry *
_onsite_day_get_entry (OnsiteDay *self,
                       guint      index)
{
  OnsiteDayEntry *entry = g_ptr_array_index (self->entries, index);

  prepare_entry (self, entry);
  return entry;
}

void
_onsite_day_prepare (OnsiteDay *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    prepare_entry (self, g_ptr_array_index (self->entries, i));
}

/**
 * onsite_day_get_visits:
 * @technician_id: a technician, or 0 for the visits nobody is assigned to
 *
 * Returns: (transfer none) (nullable): the technician's visits of the day
 *   (#OnsiteVisit) by start time, cancelled ones included; %NULL for a
 *   technician not in the day
 */
GListModel *
onsite_day_get_visits (OnsiteDay *self,
                       gint64     technician_id)
{
  OnsiteDayEntry *entry;

  g_return_val_if_fail (ONSITE_IS_DAY (self), NULL);

  if (!(entry = find_entry (self, technician_id)))
    return NULL;

  prepare_entry (self, entry);

  if (entry->model == NULL)
    {
      entry->model = g_list_store_new (ONSITE_TYPE_VISIT);
      g_list_store_splice (entry->model, 0, 0, entry->all_visits->pdata, entry->all_visits->len);
    }

  return G_LIST_MODEL (entry->model);
}

/**
 * onsite_day_dup_working_periods:
 *
 * Returns: (transfer full) (element-type OnsiteInterval) (nullable): when
 *   the technician works that day, breaks and absences left out; %NULL for
 *   a technician not in the day
 */
GArray *
onsite_day_dup_working_periods (OnsiteDay *self,
                                gint64     technician_id)
{
  OnsiteDayEntry *entry;
  GArray *copy;

  g_return_val_if_fail (ONSITE_IS_DAY (self), NULL);

  if (technician_id <= 0 || !(entry = find_entry (self, technician_id)))
    return NULL;

  prepare_entry (self, entry);

  copy = g_array_sized_new (FALSE, FALSE, sizeof (OnsiteInterval), entry->periods->len);
  g_array_append_vals (copy, entry->periods->data, entry->periods->len);

  return copy;
}

/* Conflicts --------------------------------------------------------------- */

const char *
onsite_conflict_kind_to_string (OnsiteConflictKind kind)
{
  switch (kind)
    {
    case ONSITE_CONFLICT_OVERLAP: return "overlap";
    case ONSITE_CONFLICT_OUTSIDE_HOURS: return "outside-hours";
    case ONSITE_CONFLICT_ABSENCE: return "absence";
    case ONSITE_CONFLICT_SLA: return "sla";
    case ONSITE_CONFLICT_SKILL: return "skill";
    case ONSITE_CONFLICT_TRAVEL: return "travel";
    default: g_return_val_if_reached (NULL);
    }
}

void
onsite_conflict_free (OnsiteConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->message);
  g_free (conflict);
}

static void
add_conflict (GPtrArray          *conflicts,
              OnsiteConflictKind  kind,
              gint64              technician_id,
              OnsiteVisit        *visit,
              OnsiteVisit        *other,
              char               *message)
{
  OnsiteConflict *conflict = g_new0 (OnsiteConflict, 1);

  conflict->kind = kind;
  conflict->technician_id = technician_id;
  conflict->visit_id = visit->id;
  conflict->other_visit_id = other ? other->id : 0;
  conflict->message = message;
  g_ptr_array_add (conflicts, conflict);
}

static char *
format_span (OnsiteDay *self,
             gint64     start,
             gint64     end)
{
  g_autofree char *a = onsite_day_format_time (self, start);
  g_autofree char *b = onsite_day_format_time (self, end);

  return g_strdup_printf ("%s–%s", a, b);
}

static char *
format_intervals (OnsiteDay *self,
                  GArray    *intervals)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < intervals->len; i++)
    {
      const OnsiteInterval *p = &g_array_index (intervals, OnsiteInterval, i);
      g_autofree char *span = format_span (self, p->start, p->end);

      if (i > 0)
        g_string_append (out, ", ");
      g_string_append (out, span);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
inside_one (GArray *intervals,
            gint64  start,
            gint64  end)
{
  for (guint i = 0; i < intervals->len; i++)
    {
      const OnsiteInterval *p = &g_array_index (intervals, OnsiteInterval, i);

      if (start >= p->start && end <= p->end)
        return TRUE;
    }

  return FALSE;
}

static void
check_hours (OnsiteDay      *self,
             OnsiteDayEntry *entry,
             OnsiteVisit    *visit,
             GPtrArray      *conflicts)
{
  gint64 tech_id = onsite_tech_get_id (entry->tech);
  const char *name = onsite_tech_get_name (entry->tech);
  const char *title = onsite_visit_get_title (visit);
  g_autofree char *span = NULL;
  const OnsiteAbsence *absences;
  guint n_absences;

  if (inside_one (entry->periods, visit->start, visit->end))
    return;

  span = format_span (self, visit->start, visit->end);

  absences = onsite_tech_get_absences (entry->tech, &n_absences);
  for (guint i = 0; i < n_absences; i++)
    {
      g_autofree char *away = NULL;

      if (absences[i].ends_at <= visit->start || absences[i].starts_at >= visit->end)
        continue;

      away = format_span (self, absences[i].starts_at, absences[i].ends_at);
      add_conflict (conflicts, ONSITE_CONFLICT_ABSENCE, tech_id, visit, NULL,
                    absences[i].reason
                    /* Translators: “title” at 10:00–11:00 falls in an absence of Marco Rossi (Dentist, 09:00–12:00). */
                    ? g_strdup_printf (_("“%s” at %s falls in an absence of %s (%s, %s)."),
                                       title, span, name, absences[i].reason, away)
                    : g_strdup_printf (_("“%s” at %s falls in an absence of %s (%s)."),
                                       title, span, name, away));
      return;
    }

  if (entry->hours->len == 0)
    {
      add_conflict (conflicts, ONSITE_CONFLICT_OUTSIDE_HOURS, tech_id, visit, NULL,
                    g_strdup_printf (_("“%s” at %s is on a day %s does not work."),
                                     title, span, name));
      return;
    }

  {
    const OnsiteInterval *first = &g_array_index (entry->hours, OnsiteInterval, 0);
    const OnsiteInterval *last = &g_array_index (entry->hours, OnsiteInterval, entry->hours->len - 1);
    g_autofree char *hours = format_intervals (self, entry->hours);

    if (visit->start >= first->start && visit->end <= last->end)
      add_conflict (conflicts, ONSITE_CONFLICT_OUTSIDE_HOURS, tech_id, visit, NULL,
                    g_strdup_printf (_("“%s” at %s runs into a break of %s (working hours %s)."),
                                     title, span, name, hours));
    else
      add_conflict (conflicts, ONSITE_CONFLICT_OUTSIDE_HOURS, tech_id, visit, NULL,
                    g_strdup_printf (_("“%s” at %s is outside the working hours of %s (%s)."),
                                     title, span, name, hours));
  }
}

static void
find_for_entry (OnsiteDay                   *self,
                OnsiteDayEntry              *entry,
                const OnsiteDispatchOptions *options,
                GPtrArray                   *conflicts)
{
  GPtrArray *visits = entry->visits;
  gint64 tech_id = onsite_tech_get_id (entry->tech);
  const char *name = onsite_tech_get_name (entry->tech);

  prepare_entry (self, entry);

  for (guint i = 0; i < visits->len; i++)
    {
      OnsiteVisit *visit = g_ptr_array_index (visits, i);
      const char * const *needed;
      g_autoptr(GPtrArray) missing = g_ptr_array_new ();

      /* Overlaps with every later visit that starts before this one ends. */
      for (guint j = i + 1; j < visits->len; j++)
        {
          OnsiteVisit *other = g_ptr_array_index (visits, j);
          g_autofree char *amount = NULL;

          if (other->start >= visit->end)
            break;

          amount = onsite_travel_format_minutes (MIN (visit->end, other->end) - other->start);
          add_conflict (conflicts, ONSITE_CONFLICT_OVERLAP, tech_id, visit, other,
                        /* Translators: “title A” and “title B” overlap by 30 min. */
                        g_strdup_printf (_("“%s” and “%s” overlap by %s."),
                                         onsite_visit_get_title (visit),
                                         onsite_visit_get_title (other), amount));
        }

      check_hours (self, entry, visit, conflicts);

      if (visit->sla_due > 0 && visit->start > visit->sla_due &&
          visit->state != ONSITE_VISIT_DONE)
        {
          g_autofree char *late = onsite_travel_format_minutes (visit->start - visit->sla_due);
          g_autofree char *at = onsite_day_format_time (self, visit->start);
          g_autofree char *due = onsite_day_format_time (self, visit->sla_due);

          add_conflict (conflicts, ONSITE_CONFLICT_SLA, tech_id, visit, NULL,
                        g_strdup_printf (_("%s arrives at %s for “%s”, %s after the SLA due time (%s)."),
                                         name, at, onsite_visit_get_title (visit), late, due));
        }

      needed = onsite_dispatch_rules_for_category (visit->category, NULL);
      for (guint k = 0; needed[k]; k++)
        {
          if (!onsite_tech_has_skill (entry->tech, needed[k]))
            g_ptr_array_add (missing, (gpointer)needed[k]);
        }
      if (missing->len > 0)
        {
          g_autofree char *skills = NULL;

          g_ptr_array_add (missing, NULL);
          skills = _onsite_dispatch_join_skills ((const char * const *)missing->pdata);
          add_conflict (conflicts, ONSITE_CONFLICT_SKILL, tech_id, visit, NULL,
                        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      "%s lacks the %s skill that “%s” needs.",
                                                      "%s lacks the %s skills that “%s” needs.",
                                                      missing->len - 1),
                                         name, skills, onsite_visit_get_title (visit)));
        }

      /* The trip to the next visit, when they do not overlap. */
      if (i + 1 < visits->len)
        {
          OnsiteVisit *next = g_ptr_array_index (visits, i + 1);
          OnsitePoint a, b;
          OnsiteTravelEstimate trip;

          if (next->start >= visit->end &&
              _onsite_visit_get_point (visit, &a) && _onsite_visit_get_point (next, &b))
            {
              _onsite_dispatch_travel (options, &a, &b, &trip);

              if (trip.source != ONSITE_TRAVEL_UNKNOWN && next->start - visit->end < trip.seconds)
                {
                  g_autofree char *gap = onsite_travel_format_minutes (next->start - visit->end);
                  g_autofree char *needs = onsite_travel_format_minutes (trip.seconds);

                  add_conflict (conflicts, ONSITE_CONFLICT_TRAVEL, tech_id, visit, next,
                                g_strdup_printf (_("Only %s between “%s” and “%s”; the trip takes about %s."),
                                                 gap, onsite_visit_get_title (visit),
                                                 onsite_visit_get_title (next), needs));
                }
            }
        }
    }
}

/**
 * onsite_day_find_conflicts:
 * @technician_id: a technician, or 0 for everyone in the day
 * @options: (nullable): the travel estimate to use, %NULL for the defaults
 *
 * Checks the day: overlapping visits, visits outside the working hours
 * (breaks and absences too), arrivals after the SLA due time, missing
 * skills, and gaps too short for the trip between two visits.
 *
 * Returns: (transfer full) (element-type OnsiteConflict): the conflicts,
 *   by technician and visit start
 */
GPtrArray *
onsite_day_find_conflicts (OnsiteDay                   *self,
                           gint64                       technician_id,
                           const OnsiteDispatchOptions *options)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  OnsiteDispatchOptions defaults;

  g_return_val_if_fail (ONSITE_IS_DAY (self), NULL);

  if (options == NULL)
    {
      onsite_dispatch_options_init (&defaults);
      options = &defaults;
    }

  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify)onsite_conflict_free);

  for (guint i = 0; i < self->entries->len; i++)
    {
      OnsiteDayEntry *entry = g_ptr_array_index (self->entries, i);

      if (technician_id > 0 && onsite_tech_get_id (entry->tech) != technician_id)
        continue;

      prepare_entry (self, entry);
      find_for_entry (self, entry, options, conflicts);
    }

  return g_steal_pointer (&conflicts);
}
