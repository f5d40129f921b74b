/* onsite-day-plan.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-day-plan"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "onsite-day-plan-private.h"
#include "onsite-store-dispatch.h"

/*
 * A proposed plan of a day, as the dispatcher sees it: one change per visit
 * or ticket (moved, added, unassigned, unchanged) and the totals before and
 * after. Applying a change goes through the same store functions as a drag
 * on the timeline, so each one is a transaction of its own with its history
 * line and its outbox row. Nothing here plans: the day planner
 * (onsite-day-planner.c) makes these.
 */

/* Change ------------------------------------------------------------------ */

G_DEFINE_FINAL_TYPE (OnsiteDayPlanChange, onsite_day_plan_change, G_TYPE_OBJECT)

enum {
  CHANGE_PROP_0,
  CHANGE_PROP_SELECTED,
  CHANGE_PROP_APPLIED,
  N_CHANGE_PROPS
};

static GParamSpec *change_properties[N_CHANGE_PROPS];

const char *
onsite_day_plan_change_kind_to_string (OnsiteDayPlanChangeKind kind)
{
  switch (kind)
    {
    case ONSITE_DAY_PLAN_UNCHANGED: return "unchanged";
    case ONSITE_DAY_PLAN_ADDED: return "added";
    case ONSITE_DAY_PLAN_MOVED: return "moved";
    case ONSITE_DAY_PLAN_UNASSIGNED: return "unassigned";
    default: g_return_val_if_reached (NULL);
    }
}

static void
onsite_day_plan_change_finalize (GObject *object)
{
  OnsiteDayPlanChange *self = (OnsiteDayPlanChange *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->name_before, g_free);
  g_clear_pointer (&self->name_after, g_free);
  g_clear_pointer (&self->reason_text, g_free);

  G_OBJECT_CLASS (onsite_day_plan_change_parent_class)->finalize (object);
}

static void
onsite_day_plan_change_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  OnsiteDayPlanChange *self = ONSITE_DAY_PLAN_CHANGE (object);

  switch (prop_id)
    {
    case CHANGE_PROP_SELECTED:
      g_value_set_boolean (value, self->selected);
      break;

    case CHANGE_PROP_APPLIED:
      g_value_set_boolean (value, self->applied);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_day_plan_change_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  OnsiteDayPlanChange *self = ONSITE_DAY_PLAN_CHANGE (object);

  switch (prop_id)
    {
    case CHANGE_PROP_SELECTED:
      onsite_day_plan_change_set_selected (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_day_plan_change_class_init (OnsiteDayPlanChangeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onsite_day_plan_change_finalize;
  object_class->get_property = onsite_day_plan_change_get_property;
  object_class->set_property = onsite_day_plan_change_set_property;

  /**
   * OnsiteDayPlanChange:selected:
   *
   * Whether the dispatcher accepts the change. Only changes that would
   * change something can be selected; they start selected.
   */
  change_properties[CHANGE_PROP_SELECTED] =
    g_param_spec_boolean ("selected", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * OnsiteDayPlanChange:applied:
   *
   * Whether the change has been written to the store.
   */
  change_properties[CHANGE_PROP_APPLIED] =
    g_param_spec_boolean ("applied", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_CHANGE_PROPS, change_properties);
}

static void
onsite_day_plan_change_init (OnsiteDayPlanChange *self)
{
  self->k_before = -1;
  self->k_after = -1;
  self->due = INFINITY;
}

OnsiteDayPlanChange *
_onsite_day_plan_change_new (void)
{
  return g_object_new (ONSITE_TYPE_DAY_PLAN_CHANGE, NULL);
}

OnsiteDayPlanChangeKind
onsite_day_plan_change_get_kind (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), ONSITE_DAY_PLAN_UNCHANGED);
  return self->kind;
}

/**
 * onsite_day_plan_change_get_visit_id:
 *
 * Returns: the visit, or 0 for a ticket that has none yet
 */
gint64
onsite_day_plan_change_get_visit_id (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), 0);
  return self->visit_id;
}

gint64
onsite_day_plan_change_get_ticket_id (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), 0);
  return self->ticket_id;
}

/**
 * onsite_day_plan_change_get_title:
 *
 * Returns: the ticket's title, as the ticket service sent it: plain text,
 *   never markup
 */
const char *
onsite_day_plan_change_get_title (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), NULL);
  return self->title;
}

/**
 * onsite_day_plan_change_get_technician_before:
 *
 * Returns: the technician the visit has now, or 0
 */
gint64
onsite_day_plan_change_get_technician_before (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), 0);
  return self->tech_before;
}

/**
 * onsite_day_plan_change_get_technician_after:
 *
 * Returns: the technician the plan gives the visit, or 0
 */
gint64
onsite_day_plan_change_get_technician_after (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), 0);
  return self->tech_after;
}

/**
 * onsite_day_plan_change_get_technician_name_before:
 *
 * Returns: (nullable): the name of the technician the visit has now
 */
const char *
onsite_day_plan_change_get_technician_name_before (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), NULL);
  return self->name_before;
}

/**
 * onsite_day_plan_change_get_technician_name_after:
 *
 * Returns: (nullable): the name of the technician the plan gives the visit
 */
const char *
onsite_day_plan_change_get_technician_name_after (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), NULL);
  return self->name_after;
}

gint64
onsite_day_plan_change_get_start_before (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), 0);
  return self->start_before;
}

gint64
onsite_day_plan_change_get_end_before (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), 0);
  return self->end_before;
}

gint64
onsite_day_plan_change_get_start_after (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), 0);
  return self->start_after;
}

gint64
onsite_day_plan_change_get_end_after (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), 0);
  return self->end_after;
}

/**
 * onsite_day_plan_change_get_fixed:
 *
 * Returns: whether the visit is pinned, in progress, or for a ticket that
 *   is no longer open: the plan never touches it
 */
gboolean
onsite_day_plan_change_get_fixed (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), FALSE);
  return self->fixed;
}

/**
 * onsite_day_plan_change_get_applicable:
 *
 * Returns: whether applying the change writes something: moved and added
 *   visits, and visits the plan takes off their technician. A ticket that
 *   stays without a technician, or an unchanged visit, is not applicable.
 */
gboolean
onsite_day_plan_change_get_applicable (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), FALSE);
  return self->applicable;
}

gboolean
onsite_day_plan_change_get_applied (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), FALSE);
  return self->applied;
}

gboolean
onsite_day_plan_change_get_selected (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), FALSE);
  return self->selected;
}

void
onsite_day_plan_change_set_selected (OnsiteDayPlanChange *self,
                                     gboolean             selected)
{
  g_return_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self));

  selected = !!selected && self->applicable;
  if (self->selected == selected)
    return;

  self->selected = selected;
  g_object_notify_by_pspec (G_OBJECT (self), change_properties[CHANGE_PROP_SELECTED]);
}

/**
 * onsite_day_plan_change_get_reason:
 * @reason: (out) (optional): why the planner left the visit out
 *
 * Returns: whether the planner left the visit out
 */
gboolean
onsite_day_plan_change_get_reason (OnsiteDayPlanChange        *self,
                                   OnsitePlanUnassignedReason *reason)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), FALSE);

  if (reason && self->has_reason)
    *reason = self->reason;
  return self->has_reason;
}

/**
 * onsite_day_plan_change_get_reason_text:
 *
 * Returns: (nullable): why the visit is unassigned (or, for a pinned visit,
 *   why it no longer fits), a sentence in plain text
 */
const char *
onsite_day_plan_change_get_reason_text (OnsiteDayPlanChange *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), NULL);
  return self->reason_text;
}

/**
 * onsite_day_plan_change_dup_description:
 * @day: the day, for its time zone
 *
 * Returns: (transfer full): the change in a line of plain text:
 *   "Marco Colombo 09:00 → Sara Fontana 10:30"
 */
char *
onsite_day_plan_change_dup_description (OnsiteDayPlanChange *self,
                                        OnsiteDay           *day)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *after_end = NULL;

  g_return_val_if_fail (ONSITE_IS_DAY_PLAN_CHANGE (self), NULL);
  g_return_val_if_fail (ONSITE_IS_DAY (day), NULL);

  if (self->start_before > 0)
    before = onsite_day_format_time (day, self->start_before);
  if (self->start_after > 0)
    {
      after = onsite_day_format_time (day, self->start_after);
      after_end = onsite_day_format_time (day, self->end_after);
    }

  switch (self->kind)
    {
    case ONSITE_DAY_PLAN_MOVED:
      if (self->tech_before == self->tech_after)
        /* Translators: "Marco Colombo, 09:00 → 10:30" */
        return g_strdup_printf (_("%s, %s → %s"), self->name_after, before, after);
      /* Translators: "Marco Colombo 09:00 → Sara Fontana 10:30" */
      return g_strdup_printf (_("%s %s → %s %s"),
                              self->name_before ? self->name_before : _("Nobody"),
                              before ? before : "", self->name_after, after);

    case ONSITE_DAY_PLAN_ADDED:
      /* Translators: "Sara Fontana, 10:30–11:15" */
      return g_strdup_printf (_("%s, %s–%s"), self->name_after, after, after_end);

    case ONSITE_DAY_PLAN_UNASSIGNED:
      if (self->tech_before > 0 && before)
        /* Translators: "Taken off Marco Colombo (09:00)" */
        return g_strdup_printf (_("Taken off %s (%s)"), self->name_before, before);
      return g_strdup (_("Stays without a technician"));

    case ONSITE_DAY_PLAN_UNCHANGED:
    default:
      if (self->tech_before > 0 && before)
        return g_strdup_printf (self->fixed
                                /* Translators: "Marco Colombo, 09:00, stays (pinned or in progress)" */
                                ? _("%s, %s, stays (pinned or in progress)")
                                : _("%s, %s, unchanged"),
                                self->name_before, before);
      return g_strdup (_("Unchanged"));
    }
}

/* Plan -------------------------------------------------------------------- */

struct _OnsiteDayPlan
{
  GObject              parent_instance;

  OnsiteDay           *day;
  OnsitePlanProblem   *problem;
  GListStore          *changes;
  OnsiteDayPlanTotals  before;
  OnsiteDayPlanTotals  after;
  guint                complete : 1;
};

G_DEFINE_FINAL_TYPE (OnsiteDayPlan, onsite_day_plan, G_TYPE_OBJECT)

static void
onsite_day_plan_finalize (GObject *object)
{
  OnsiteDayPlan *self = (OnsiteDayPlan *)object;

  g_clear_object (&self->day);
  g_clear_pointer (&self->problem, onsite_plan_problem_unref);
  g_clear_object (&self->changes);

  G_OBJECT_CLASS (onsite_day_plan_parent_class)->finalize (object);
}

static void
onsite_day_plan_class_init (OnsiteDayPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onsite_day_plan_finalize;
}

static void
onsite_day_plan_init (OnsiteDayPlan *self)
{
  self->changes = g_list_store_new (ONSITE_TYPE_DAY_PLAN_CHANGE);
}

typedef struct
{
  double start;
  guint  location;
} Slot;

static int
compare_slots (gconstpointer a,
               gconstpointer b)
{
  const Slot *sa = a;
  const Slot *sb = b;

  if (sa->start != sb->start)
    return sa->start < sb->start ? -1 : 1;
  return (sa->location > sb->location) - (sa->location < sb->location);
}

/*
 * The totals of the day where every change for which @take_after says so
 * is made and the others are not. Travel is measured along each
 * technician's visits in time order, from the start of the day to its end,
 * with the planner's travel times.
 */
static void
compute_totals (OnsiteDayPlan       *self,
                int                  mode,  /* 0 before, 1 all, 2 selected */
                OnsiteDayPlanTotals *totals)
{
  guint n_techs = onsite_plan_problem_get_n_technicians (self->problem);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->changes));
  gint64 day_start = onsite_day_get_start (self->day);
  g_autofree GArray **routes = g_new0 (GArray *, MAX (n_techs, 1));
  double travel = 0;

  totals->served = 0;
  totals->breaches = 0;
  totals->travel_seconds = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteDayPlanChange) change = g_list_model_get_item (G_LIST_MODEL (self->changes), i);
      gboolean after;
      Slot slot;
      int k;

      if (change->applied)
        after = mode != 0;
      else
        after = change->applicable && (mode == 1 || (mode == 2 && change->selected));
      k = after ? change->k_after : change->k_before;
      if (k < 0)
        continue;

      slot.start = (after ? change->start_after : change->start_before) - day_start;
      slot.location = change->location;

      totals->served++;
      if (slot.start > change->due + 1e-6)
        totals->breaches++;

      if (routes[k] == NULL)
        routes[k] = g_array_new (FALSE, FALSE, sizeof (Slot));
      g_array_append_val (routes[k], slot);
    }

  for (guint k = 0; k < n_techs; k++)
    {
      const OnsitePlanTechnician *tech = onsite_plan_problem_get_technician (self->problem, k);
      guint prev;

      if (routes[k] == NULL)
        continue;

      g_array_sort (routes[k], compare_slots);
      prev = tech->start_location;
      for (guint i = 0; i < routes[k]->len; i++)
        {
          const Slot *slot = &g_array_index (routes[k], Slot, i);

          travel += onsite_plan_problem_get_travel (self->problem, prev, slot->location);
          prev = slot->location;
        }
      travel += onsite_plan_problem_get_travel (self->problem, prev, tech->end_location);
      g_array_unref (routes[k]);
    }

  totals->travel_seconds = (int) lround (travel);
}

static int
kind_order (OnsiteDayPlanChangeKind kind)
{
  switch (kind)
    {
    case ONSITE_DAY_PLAN_MOVED: return 0;
    case ONSITE_DAY_PLAN_ADDED: return 1;
    case ONSITE_DAY_PLAN_UNASSIGNED: return 2;
    case ONSITE_DAY_PLAN_UNCHANGED:
    default: return 3;
    }
}

/* Grouped as the dialog shows them, then by time, so that the list reads
 * like the day. */
static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  OnsiteDayPlanChange *ca = *(OnsiteDayPlanChange **)a;
  OnsiteDayPlanChange *cb = *(OnsiteDayPlanChange **)b;
  gint64 ta, tb;

  if (kind_order (ca->kind) != kind_order (cb->kind))
    return kind_order (ca->kind) - kind_order (cb->kind);

  ta = ca->start_after > 0 ? ca->start_after : ca->start_before;
  tb = cb->start_after > 0 ? cb->start_after : cb->start_before;
  if (ta != tb)
    return ta < tb ? -1 : 1;
  if (ca->ticket_id != cb->ticket_id)
    return ca->ticket_id < cb->ticket_id ? -1 : 1;
  return (ca->visit_id > cb->visit_id) - (ca->visit_id < cb->visit_id);
}

OnsiteDayPlan *
_onsite_day_plan_new (OnsiteDay         *day,
                      OnsitePlanProblem *problem,
                      GPtrArray         *changes,
                      gboolean           complete)
{
  OnsiteDayPlan *self = g_object_new (ONSITE_TYPE_DAY_PLAN, NULL);

  self->day = g_object_ref (day);
  self->problem = onsite_plan_problem_ref (problem);
  self->complete = !!complete;

  g_ptr_array_sort (changes, compare_changes);
  g_list_store_splice (self->changes, 0, 0, changes->pdata, changes->len);

  compute_totals (self, 0, &self->before);
  compute_totals (self, 1, &self->after);

  return self;
}

/**
 * onsite_day_plan_get_day:
 *
 * Returns: (transfer none): the day as it was when planned
 */
OnsiteDay *
onsite_day_plan_get_day (OnsiteDayPlan *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN (self), NULL);
  return self->day;
}

/**
 * onsite_day_plan_get_changes:
 *
 * Returns: (transfer none): every visit and ticket the plan considered
 *   (#OnsiteDayPlanChange): moved ones first, then added, unassigned and
 *   unchanged, each group by time
 */
GListModel *
onsite_day_plan_get_changes (OnsiteDayPlan *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN (self), NULL);
  return G_LIST_MODEL (self->changes);
}

guint
onsite_day_plan_count (OnsiteDayPlan           *self,
                       OnsiteDayPlanChangeKind  kind)
{
  guint n, count = 0;

  g_return_val_if_fail (ONSITE_IS_DAY_PLAN (self), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->changes));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteDayPlanChange) change = g_list_model_get_item (G_LIST_MODEL (self->changes), i);

      if (change->kind == kind)
        count++;
    }

  return count;
}

/**
 * onsite_day_plan_get_complete:
 *
 * Returns: %FALSE when the planner was stopped before its time was up and
 *   this is the best plan it had found by then
 */
gboolean
onsite_day_plan_get_complete (OnsiteDayPlan *self)
{
  g_return_val_if_fail (ONSITE_IS_DAY_PLAN (self), FALSE);
  return self->complete;
}

/**
 * onsite_day_plan_get_totals:
 * @before: (out) (optional): the day as it is
 * @after: (out) (optional): the day with every change made
 */
void
onsite_day_plan_get_totals (OnsiteDayPlan       *self,
                            OnsiteDayPlanTotals *before,
                            OnsiteDayPlanTotals *after)
{
  g_return_if_fail (ONSITE_IS_DAY_PLAN (self));

  if (before)
    *before = self->before;
  if (after)
    *after = self->after;
}

/**
 * onsite_day_plan_compute_totals:
 * @selected_only: count only the selected changes as made
 * @totals: (out): the day with those changes made
 *
 * Changes already applied always count as made.
 */
void
onsite_day_plan_compute_totals (OnsiteDayPlan       *self,
                                gboolean             selected_only,
                                OnsiteDayPlanTotals *totals)
{
  g_return_if_fail (ONSITE_IS_DAY_PLAN (self));
  g_return_if_fail (totals != NULL);

  compute_totals (self, selected_only ? 2 : 1, totals);
}

/* Apply ------------------------------------------------------------------- */

/* The store must still hold what the plan started from: a visit dragged in
 * the meantime is the dispatcher's newer decision. */
static gboolean
check_unchanged (OnsiteStore          *store,
                 OnsiteDayPlanChange  *change,
                 GError              **error)
{
  g_autoptr(OnsiteVisit) visit = NULL;

  if (change->visit_id == 0)
    {
      if (!(visit = onsite_store_find_ticket_visit (store, change->ticket_id, error)))
        return error == NULL || *error == NULL;
    }
  else if (!(visit = onsite_store_get_visit (store, change->visit_id, error)))
    return FALSE;

  if (onsite_visit_get_id (visit) == change->visit_id &&
      onsite_visit_get_technician_id (visit) == change->tech_before &&
      onsite_visit_get_start (visit) == change->start_before &&
      onsite_visit_get_end (visit) == change->end_before &&
      onsite_visit_get_state (visit) == ONSITE_VISIT_PLANNED &&
      !onsite_visit_get_pinned (visit))
    return TRUE;

  g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
               _("The visit for “%s” changed since the day was planned; plan the day again."),
               change->title);
  return FALSE;
}

static gboolean
apply_one (OnsiteStore          *store,
           OnsiteDayPlanChange  *change,
           const char           *actor,
           GError              **error)
{
  g_assert (change->applicable && !change->fixed);

  if (!check_unchanged (store, change, error))
    return FALSE;

  switch (change->kind)
    {
    case ONSITE_DAY_PLAN_ADDED:
      return onsite_store_assign_ticket (store, change->ticket_id, change->tech_after,
                                         change->start_after, change->end_after,
                                         actor, error) > 0;

    case ONSITE_DAY_PLAN_MOVED:
      if (change->tech_after != change->tech_before)
        return onsite_store_assign_ticket (store, change->ticket_id, change->tech_after,
                                           change->start_after, change->end_after,
                                           actor, error) > 0;
      return onsite_store_move_visit (store, change->visit_id,
                                      change->start_after, change->end_after,
                                      actor, error);

    case ONSITE_DAY_PLAN_UNASSIGNED:
      return onsite_store_unassign_visit (store, change->visit_id, actor, error);

    case ONSITE_DAY_PLAN_UNCHANGED:
    default:
      g_assert_not_reached ();
    }
}

/**
 * onsite_day_plan_apply:
 * @store: the store the day was planned from
 * @selected_only: apply only the selected changes, else every applicable one
 * @actor: (nullable): who accepts the plan, for the history
 * @error: return location for a #GError
 *
 * Makes the changes, each through the store's own function for it (assign,
 * move, unassign): one transaction per change with its history line and its
 * outbox row, exactly as if the dispatcher had made it by hand. Pinned and
 * in-progress visits are never touched. A change whose visit was changed in
 * the store since the plan was made is skipped. Changes already applied are
 * not applied twice.
 *
 * Returns: how many changes were made; when some could not be, @error says
 *   how many and why the first one failed
 */
guint
onsite_day_plan_apply (OnsiteDayPlan  *self,
                       OnsiteStore    *store,
                       gboolean        selected_only,
                       const char     *actor,
                       GError        **error)
{
  g_autoptr(GError) first_error = NULL;
  guint n_applied = 0, n_failed = 0;
  guint n;

  g_return_val_if_fail (ONSITE_IS_DAY_PLAN (self), 0);
  g_return_val_if_fail (ONSITE_IS_STORE (store), 0);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->changes));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OnsiteDayPlanChange) change = g_list_model_get_item (G_LIST_MODEL (self->changes), i);
      g_autoptr(GError) local_error = NULL;

      if (!change->applicable || change->applied || (selected_only && !change->selected))
        continue;

      if (apply_one (store, change, actor, &local_error))
        {
          change->applied = TRUE;
          g_object_notify_by_pspec (G_OBJECT (change), change_properties[CHANGE_PROP_APPLIED]);
          n_applied++;
        }
      else
        {
          g_debug ("Could not apply the change to ticket %" G_GINT64_FORMAT ": %s",
                   change->ticket_id, local_error->message);
          n_failed++;
          if (first_error == NULL)
            first_error = g_steal_pointer (&local_error);
        }
    }

  if (first_error != NULL)
    g_set_error (error, first_error->domain, first_error->code,
                 g_dngettext (GETTEXT_PACKAGE,
                              "%u change could not be made: %s",
                              "%u changes could not be made; the first: %s",
                              n_failed),
                 n_failed, first_error->message);

  return n_applied;
}
