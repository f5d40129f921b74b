/* onsite-vendor-types.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-vendor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "onsite-vendor-types.h"

G_DEFINE_QUARK (onsite-vendor-error-quark, onsite_vendor_error)

static const char * const state_names[ONSITE_N_HANDOFF_STATES] = {
  [ONSITE_HANDOFF_REQUESTED] = "requested",
  [ONSITE_HANDOFF_ACKNOWLEDGED] = "acknowledged",
  [ONSITE_HANDOFF_IN_PROGRESS] = "in-progress",
  [ONSITE_HANDOFF_RESOLVED] = "resolved",
  [ONSITE_HANDOFF_RETURNED] = "returned",
  [ONSITE_HANDOFF_REJECTED] = "rejected",
};

/*
 * Which step may follow which. A vendor may skip the acknowledgement and
 * start, or fix at once; a fix that does not hold goes back to the vendor;
 * L2 may take a case back at any time before it is over. Returned and
 * rejected are the end.
 */
static const gboolean allowed[ONSITE_N_HANDOFF_STATES][ONSITE_N_HANDOFF_STATES] = {
  [ONSITE_HANDOFF_REQUESTED] = {
    [ONSITE_HANDOFF_ACKNOWLEDGED] = TRUE, [ONSITE_HANDOFF_IN_PROGRESS] = TRUE,
    [ONSITE_HANDOFF_RESOLVED] = TRUE, [ONSITE_HANDOFF_RETURNED] = TRUE,
    [ONSITE_HANDOFF_REJECTED] = TRUE,
  },
  [ONSITE_HANDOFF_ACKNOWLEDGED] = {
    [ONSITE_HANDOFF_IN_PROGRESS] = TRUE, [ONSITE_HANDOFF_RESOLVED] = TRUE,
    [ONSITE_HANDOFF_RETURNED] = TRUE, [ONSITE_HANDOFF_REJECTED] = TRUE,
  },
  [ONSITE_HANDOFF_IN_PROGRESS] = {
    [ONSITE_HANDOFF_RESOLVED] = TRUE, [ONSITE_HANDOFF_RETURNED] = TRUE,
    [ONSITE_HANDOFF_REJECTED] = TRUE,
  },
  [ONSITE_HANDOFF_RESOLVED] = {
    [ONSITE_HANDOFF_IN_PROGRESS] = TRUE, [ONSITE_HANDOFF_RETURNED] = TRUE,
  },
};

GType
onsite_handoff_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { ONSITE_HANDOFF_REQUESTED, "ONSITE_HANDOFF_REQUESTED", "requested" },
        { ONSITE_HANDOFF_ACKNOWLEDGED, "ONSITE_HANDOFF_ACKNOWLEDGED", "acknowledged" },
        { ONSITE_HANDOFF_IN_PROGRESS, "ONSITE_HANDOFF_IN_PROGRESS", "in-progress" },
        { ONSITE_HANDOFF_RESOLVED, "ONSITE_HANDOFF_RESOLVED", "resolved" },
        { ONSITE_HANDOFF_RETURNED, "ONSITE_HANDOFF_RETURNED", "returned" },
        { ONSITE_HANDOFF_REJECTED, "ONSITE_HANDOFF_REJECTED", "rejected" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static ("OnsiteHandoffState", values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

const char *
onsite_handoff_state_to_string (OnsiteHandoffState state)
{
  g_return_val_if_fail (state < ONSITE_N_HANDOFF_STATES, NULL);

  return state_names[state];
}

gboolean
onsite_handoff_state_from_string (const char         *str,
                                  OnsiteHandoffState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < ONSITE_N_HANDOFF_STATES; i++)
    {
      if (g_str_equal (str, state_names[i]))
        {
          *state = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
onsite_handoff_state_to_label (OnsiteHandoffState state)
{
  switch (state)
    {
    case ONSITE_HANDOFF_REQUESTED:
      return _("Requested");
    case ONSITE_HANDOFF_ACKNOWLEDGED:
      return _("Acknowledged");
    case ONSITE_HANDOFF_IN_PROGRESS:
      return _("In progress at the vendor");
    case ONSITE_HANDOFF_RESOLVED:
      return _("Resolved by the vendor");
    case ONSITE_HANDOFF_RETURNED:
      return _("Returned to L2");
    case ONSITE_HANDOFF_REJECTED:
      return _("Rejected by the vendor");
    case ONSITE_N_HANDOFF_STATES:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Still a case for the coordinator: not returned, not rejected. */
gboolean
onsite_handoff_state_is_open (OnsiteHandoffState state)
{
  return state < ONSITE_HANDOFF_RETURNED;
}

/* The vendor holds the ball: its clock runs, the internal one may stop. */
gboolean
onsite_handoff_state_waits_on_vendor (OnsiteHandoffState state)
{
  return state == ONSITE_HANDOFF_REQUESTED ||
         state == ONSITE_HANDOFF_ACKNOWLEDGED ||
         state == ONSITE_HANDOFF_IN_PROGRESS;
}

/**
 * onsite_handoff_state_check_change:
 *
 * Returns: %TRUE if a hand-off in @from may go to @to; otherwise %FALSE
 *   with %ONSITE_VENDOR_ERROR_TRANSITION saying why
 */
gboolean
onsite_handoff_state_check_change (OnsiteHandoffState   from,
                                   OnsiteHandoffState   to,
                                   GError             **error)
{
  g_return_val_if_fail (from < ONSITE_N_HANDOFF_STATES, FALSE);
  g_return_val_if_fail (to < ONSITE_N_HANDOFF_STATES, FALSE);

  if (allowed[from][to])
    return TRUE;

  if (from == to)
    g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_TRANSITION,
                 /* Translators: %s is a hand-off state, e.g. "Acknowledged" */
                 _("The vendor case is already “%s”."),
                 onsite_handoff_state_to_label (from));
  else if (!onsite_handoff_state_is_open (from))
    g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_TRANSITION,
                 _("The vendor case is over (“%s”); hand the ticket to a vendor again instead."),
                 onsite_handoff_state_to_label (from));
  else
    g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_TRANSITION,
                 /* Translators: "A vendor case that is “Resolved by the vendor” cannot become “Acknowledged”." */
                 _("A vendor case that is “%s” cannot become “%s”."),
                 onsite_handoff_state_to_label (from),
                 onsite_handoff_state_to_label (to));

  return FALSE;
}

static int
compare_pauses (gconstpointer a,
                gconstpointer b)
{
  const OnsiteSlaPause *pa = a;
  const OnsiteSlaPause *pb = b;

  return (pa->start > pb->start) - (pa->start < pb->start);
}

/*
 * The clock stops for the union of the pauses, up to @now, and only for
 * pauses that began before the (moving) due date: a pause that starts
 * after the SLA was already breached does not un-breach it.
 */
static gint64
walk_pauses (gint64                original_due,
             const OnsiteSlaPause *pauses,
             gsize                 n_pauses,
             gint64                now,
             gint64               *paused)
{
  g_autoptr(GArray) sorted = g_array_sized_new (FALSE, FALSE, sizeof (OnsiteSlaPause), n_pauses);
  gint64 due = original_due;
  gint64 cur_start = 0, cur_end = 0;
  gboolean have = FALSE;

  *paused = 0;

  for (gsize i = 0; i < n_pauses; i++)
    {
      OnsiteSlaPause p = pauses[i];

      if (p.end <= 0 || p.end > now)
        p.end = now;
      if (p.end <= p.start)
        continue;
      g_array_append_val (sorted, p);
    }

  g_array_sort (sorted, compare_pauses);

  /* One extra round flushes the last merged stretch. */
  for (guint i = 0; i <= sorted->len; i++)
    {
      const OnsiteSlaPause *p = i < sorted->len ? &g_array_index (sorted, OnsiteSlaPause, i) : NULL;

      if (p != NULL && have && p->start <= cur_end)
        {
          cur_end = MAX (cur_end, p->end);
          continue;
        }

      if (have)
        {
          if (cur_start >= due)
            break;
          due += cur_end - cur_start;
          *paused += cur_end - cur_start;
        }

      if (p != NULL)
        {
          cur_start = p->start;
          cur_end = p->end;
          have = TRUE;
        }
    }

  return due;
}

/**
 * onsite_sla_effective_due:
 * @original_due: the ticket's due date, unix seconds
 * @pauses: (array length=n_pauses): when the SLA clock stood still; they
 *   may overlap and come in any order
 * @now: the present; a pause still running counts up to here
 *
 * The ticket's due date once the time spent waiting on a vendor under a
 * pausing contract is given back: the original due plus every paused
 * second that fell before it. A pause that began after the due date had
 * passed gives nothing back.
 *
 * Returns: the effective due date; @original_due when it is 0 (no SLA)
 */
gint64
onsite_sla_effective_due (gint64                original_due,
                          const OnsiteSlaPause *pauses,
                          gsize                 n_pauses,
                          gint64                now)
{
  gint64 paused;

  g_return_val_if_fail (pauses != NULL || n_pauses == 0, original_due);

  if (original_due <= 0)
    return original_due;

  return walk_pauses (original_due, pauses, n_pauses, now, &paused);
}

/**
 * onsite_sla_paused_seconds:
 *
 * How much onsite_sla_effective_due() added to @original_due.
 */
gint64
onsite_sla_paused_seconds (gint64                original_due,
                           const OnsiteSlaPause *pauses,
                           gsize                 n_pauses,
                           gint64                now)
{
  gint64 paused = 0;

  g_return_val_if_fail (pauses != NULL || n_pauses == 0, 0);

  if (original_due <= 0)
    return 0;

  walk_pauses (original_due, pauses, n_pauses, now, &paused);

  return paused;
}

static int
compare_int64 (const void *a,
               const void *b)
{
  gint64 x = *(const gint64 *)a;
  gint64 y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

/**
 * onsite_median_seconds:
 *
 * The median of @values; for an even count, the mean of the two middle
 * values rounded down to the second.
 *
 * Returns: the median, or -1 when @n_values is 0
 */
gint64
onsite_median_seconds (const gint64 *values,
                       gsize         n_values)
{
  g_autofree gint64 *copy = NULL;

  if (n_values == 0)
    return -1;

  copy = g_memdup2 (values, n_values * sizeof (gint64));
  qsort (copy, n_values, sizeof (gint64), compare_int64);

  if (n_values % 2 == 1)
    return copy[n_values / 2];

  return (copy[n_values / 2 - 1] + copy[n_values / 2]) / 2;
}
