/* onsite-store-field.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-store"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "onsite-store-dispatch.h"
#include "onsite-store-field.h"
#include "onsite-store-private.h"

/*
 * The field laptop's side of a visit. A technician in a basement has no
 * network, so every step only writes the store: the visit, the ticket's
 * status, a line in the history and one outbox row, in one transaction.
 *
 * A step goes to the ticket service as one change of kind "visit-step":
 * a comment that says what happened and when (with the work record when
 * the technician leaves), and the ticket's new status if it has one. The
 * RT connector sends it like a vendor hand-off step: the comment, then the
 * status. Feedback goes as a plain "comment".
 */

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
format_clock (gint64 time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time);

  return dt ? g_date_time_format (dt, "%H:%M") : g_strdup ("?");
}

static gboolean
text_is_empty (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

/* Steps ------------------------------------------------------------------- */

static const struct {
  const char       *nick;
  const char       *label;
  OnsiteVisitState  target;
} steps[] = {
  [ONSITE_VISIT_STEP_EN_ROUTE] = { "en-route", N_("En Route"), ONSITE_VISIT_EN_ROUTE },
  [ONSITE_VISIT_STEP_ARRIVE] = { "on-site", N_("On Site"), ONSITE_VISIT_ON_SITE },
  [ONSITE_VISIT_STEP_RESOLVE] = { "resolved", N_("Resolved"), ONSITE_VISIT_DONE },
  [ONSITE_VISIT_STEP_NEEDS_PARTS] = { "needs-parts", N_("Needs Parts"), ONSITE_VISIT_NEEDS_PARTS },
  [ONSITE_VISIT_STEP_NEEDS_VENDOR] = { "needs-vendor", N_("Needs Vendor (L3)"), ONSITE_VISIT_NEEDS_VENDOR },
  [ONSITE_VISIT_STEP_NO_ACCESS] = { "no-access", N_("Customer Absent / No Access"), ONSITE_VISIT_NO_ACCESS },
  [ONSITE_VISIT_STEP_RESCHEDULE] = { "reschedule", N_("Reschedule"), ONSITE_VISIT_RESCHEDULED },
};

G_STATIC_ASSERT (G_N_ELEMENTS (steps) == ONSITE_N_VISIT_STEPS);

/**
 * onsite_visit_step_to_string:
 *
 * Returns: the step's name in payloads and on the command line ("on-site")
 */
const char *
onsite_visit_step_to_string (OnsiteVisitStep step)
{
  g_return_val_if_fail (step < ONSITE_N_VISIT_STEPS, NULL);

  return steps[step].nick;
}

gboolean
onsite_visit_step_from_string (const char      *str,
                               OnsiteVisitStep *step)
{
  g_return_val_if_fail (step != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (str, steps[i].nick) == 0)
      {
        *step = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * onsite_visit_step_to_label:
 *
 * Returns: the step as a button says it ("Needs Parts"), translated
 */
const char *
onsite_visit_step_to_label (OnsiteVisitStep step)
{
  g_return_val_if_fail (step < ONSITE_N_VISIT_STEPS, NULL);

  return _(steps[step].label);
}

/**
 * onsite_visit_step_get_target:
 *
 * Returns: the state a visit is in after @step
 */
OnsiteVisitState
onsite_visit_step_get_target (OnsiteVisitStep step)
{
  g_return_val_if_fail (step < ONSITE_N_VISIT_STEPS, ONSITE_VISIT_PLANNED);

  return steps[step].target;
}

/**
 * onsite_visit_step_is_allowed:
 * @from: the visit's state now
 *
 * The visit's life: planned → en route → on site → done, or on site →
 * needs parts / needs vendor; before leaving, no access or reschedule.
 * Arriving without having said "en route" is allowed: people forget.
 *
 * Returns: whether @step can follow @from
 */
gboolean
onsite_visit_step_is_allowed (OnsiteVisitStep  step,
                              OnsiteVisitState from)
{
  switch (step)
    {
    case ONSITE_VISIT_STEP_EN_ROUTE:
      return from == ONSITE_VISIT_PLANNED;

    case ONSITE_VISIT_STEP_ARRIVE:
      return from == ONSITE_VISIT_PLANNED || from == ONSITE_VISIT_EN_ROUTE;

    case ONSITE_VISIT_STEP_RESOLVE:
    case ONSITE_VISIT_STEP_NEEDS_PARTS:
    case ONSITE_VISIT_STEP_NEEDS_VENDOR:
      return from == ONSITE_VISIT_ON_SITE;

    case ONSITE_VISIT_STEP_NO_ACCESS:
    case ONSITE_VISIT_STEP_RESCHEDULE:
      return onsite_visit_state_is_active (from);

    case ONSITE_N_VISIT_STEPS:
    default:
      return FALSE;
    }
}

/**
 * onsite_visit_state_next_step:
 * @step: (out): the step that usually comes next
 *
 * What the day view shows as the prominent action.
 *
 * Returns: %FALSE when the visit is over
 */
gboolean
onsite_visit_state_next_step (OnsiteVisitState  state,
                              OnsiteVisitStep  *step)
{
  g_return_val_if_fail (step != NULL, FALSE);

  switch (state)
    {
    case ONSITE_VISIT_PLANNED:
      *step = ONSITE_VISIT_STEP_EN_ROUTE;
      return TRUE;

    case ONSITE_VISIT_EN_ROUTE:
      *step = ONSITE_VISIT_STEP_ARRIVE;
      return TRUE;

    case ONSITE_VISIT_ON_SITE:
      *step = ONSITE_VISIT_STEP_RESOLVE;
      return TRUE;

    case ONSITE_VISIT_DONE:
    case ONSITE_VISIT_CANCELLED:
    case ONSITE_VISIT_NO_ACCESS:
    case ONSITE_VISIT_NEEDS_PARTS:
    case ONSITE_VISIT_NEEDS_VENDOR:
    case ONSITE_VISIT_RESCHEDULED:
    case ONSITE_N_VISIT_STATES:
    default:
      return FALSE;
    }
}

/* Records ----------------------------------------------------------------- */

void
onsite_part_free (OnsitePart *part)
{
  if (part == NULL)
    return;

  g_free (part->description);
  g_free (part);
}

void
onsite_attachment_free (OnsiteAttachment *attachment)
{
  if (attachment == NULL)
    return;

  g_free (attachment->name);
  g_free (attachment->path);
  g_free (attachment->mime_type);
  g_free (attachment);
}

void
onsite_feedback_free (OnsiteFeedback *feedback)
{
  if (feedback == NULL)
    return;

  g_free (feedback->comment);
  g_free (feedback->customer_name);
  g_free (feedback);
}

void
onsite_work_record_free (OnsiteWorkRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->notes);
  g_clear_pointer (&record->parts, g_ptr_array_unref);
  g_clear_pointer (&record->attachments, g_ptr_array_unref);
  g_clear_pointer (&record->feedback, onsite_feedback_free);
  g_free (record);
}

/**
 * onsite_work_record_get_time_on_site:
 * @now: the present, for a technician still there
 *
 * Returns: seconds between arrival and departure (or @now), 0 before
 *   arriving
 */
gint64
onsite_work_record_get_time_on_site (OnsiteWorkRecord *record,
                                     gint64            now)
{
  g_return_val_if_fail (record != NULL, 0);

  if (record->arrived_at <= 0)
    return 0;

  if (record->departed_at > 0)
    return MAX (0, record->departed_at - record->arrived_at);

  return MAX (0, now - record->arrived_at);
}

/**
 * onsite_format_duration:
 *
 * Returns: a span for people: "1 h 12 min", "25 min", "2 d 3 h"
 */
char *
onsite_format_duration (gint64 seconds)
{
  gint64 s = MAX (0, seconds);
  gint64 days = s / 86400;
  gint64 hours = (s % 86400) / 3600;
  gint64 minutes = (s % 3600) / 60;

  if (days > 0)
    return g_strdup_printf (_("%" G_GINT64_FORMAT " d %" G_GINT64_FORMAT " h"), days, hours);
  if (hours > 0 && minutes > 0)
    return g_strdup_printf (_("%" G_GINT64_FORMAT " h %" G_GINT64_FORMAT " min"), hours, minutes);
  if (hours > 0)
    /* Translators: a whole number of hours, "2 h" */
    return g_strdup_printf (_("%" G_GINT64_FORMAT " h"), hours);

  return g_strdup_printf (_("%" G_GINT64_FORMAT " min"), minutes);
}

/**
 * onsite_attachments_dir:
 *
 * Returns: where the files attached to the ticket's visits are kept:
 *   `$XDG_DATA_HOME/onsite/attachments/<ticket>`
 */
char *
onsite_attachments_dir (gint64 ticket_id)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, ticket_id);

  return g_build_filename (g_get_user_data_dir (), "onsite", "attachments", id, NULL);
}

/* The visit as this file needs it: its ticket and the times of its life. */
typedef struct
{
  gint64              visit_id;
  gint64              ticket_id;
  gint64              technician_id;
  OnsiteVisitState    state;
  OnsiteTicketStatus  ticket_status;
  gint64              planned_start;
  gint64              en_route_at;
  gint64              arrived_at;
  gint64              departed_at;
  char               *title;
  char               *tech_name;
  char               *notes;
} VisitRow;

static void
visit_row_clear (VisitRow *row)
{
  g_clear_pointer (&row->title, g_free);
  g_clear_pointer (&row->tech_name, g_free);
  g_clear_pointer (&row->notes, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VisitRow, visit_row_clear)

static gboolean
read_visit (OnsiteStore  *self,
            gint64        visit_id,
            VisitRow     *row,
            GError      **error)
{
  static const char sql[] =
    "SELECT v.ticket_id, coalesce (v.technician_id, 0), v.state, t.status,"
    "  coalesce (v.planned_start, 0), coalesce (v.en_route_at, 0),"
    "  coalesce (v.arrived_at, 0), coalesce (v.departed_at, 0), t.title,"
    "  coalesce (h.name, ''), v.work_notes"
    " FROM visits v JOIN tickets t ON t.id = v.ticket_id"
    " LEFT JOIN technicians h ON h.id = v.technician_id WHERE v.id = ?1";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, visit_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->visit_id = visit_id;
      row->ticket_id = sqlite3_column_int64 (stmt, 0);
      row->technician_id = sqlite3_column_int64 (stmt, 1);
      if (!onsite_visit_state_from_string ((const char *)sqlite3_column_text (stmt, 2), &row->state))
        row->state = ONSITE_VISIT_PLANNED;
      if (!onsite_ticket_status_from_string ((const char *)sqlite3_column_text (stmt, 3), &row->ticket_status))
        row->ticket_status = ONSITE_TICKET_STATUS_OPEN;
      row->planned_start = sqlite3_column_int64 (stmt, 4);
      row->en_route_at = sqlite3_column_int64 (stmt, 5);
      row->arrived_at = sqlite3_column_int64 (stmt, 6);
      row->departed_at = sqlite3_column_int64 (stmt, 7);
      row->title = _onsite_column_dup (stmt, 8);
      row->tech_name = _onsite_column_dup (stmt, 9);
      row->notes = _onsite_column_dup (stmt, 10);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                   _("Visit %" G_GINT64_FORMAT " does not exist."), visit_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _onsite_store_set_error (self, rc, _("read the visit"), error);
      return FALSE;
    }

  return TRUE;
}

/* The work record can change until the technician leaves. */
static gboolean
check_record_open (const VisitRow  *row,
                   GError         **error)
{
  if (onsite_visit_state_is_active (row->state))
    return TRUE;

  g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
               _("The visit for “%s” is %s: its work record went with the last step and can no longer change."),
               row->title, onsite_visit_state_to_label (row->state));
  return FALSE;
}

static gboolean
add_event (OnsiteStore  *self,
           gint64        ticket_id,
           gint64        at,
           const char   *actor,
           const char   *summary,
           JsonBuilder  *data,
           GError      **error)
{
  static const char sql[] =
    "INSERT INTO events (ticket_id, at, actor, kind, summary, data)"
    " VALUES (?1, ?2, ?3, 'visit', ?4, ?5)";
  g_autoptr(JsonNode) root = data ? json_builder_get_root (data) : NULL;
  g_autofree char *json = root ? json_to_string (root, FALSE) : NULL;
  sqlite3_stmt *stmt;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_int64 (stmt, 2, at);
  _onsite_bind_text (stmt, 3, actor);
  _onsite_bind_text (stmt, 4, summary);
  if (json)
    _onsite_bind_text (stmt, 5, json);

  return _onsite_store_step_done (self, stmt, _("record the change"), error);
}

static GPtrArray *
read_parts (OnsiteStore  *self,
            gint64        visit_id,
            GError      **error)
{
  static const char sql[] =
    "SELECT id, description, quantity, added_at FROM visit_parts"
    " WHERE visit_id = ?1 ORDER BY id";
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify)onsite_part_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, visit_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OnsitePart *part = g_new0 (OnsitePart, 1);

      part->id = sqlite3_column_int64 (stmt, 0);
      part->description = _onsite_column_dup (stmt, 1);
      part->quantity = sqlite3_column_int (stmt, 2);
      part->added_at = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (parts, part);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the parts used"), error);
      return NULL;
    }

  return g_steal_pointer (&parts);
}

static GPtrArray *
read_attachments (OnsiteStore  *self,
                  gint64        visit_id,
                  GError      **error)
{
  static const char sql[] =
    "SELECT id, name, path, size, mime_type, added_at FROM visit_attachments"
    " WHERE visit_id = ?1 ORDER BY id";
  g_autoptr(GPtrArray) attachments = g_ptr_array_new_with_free_func ((GDestroyNotify)onsite_attachment_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, visit_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OnsiteAttachment *attachment = g_new0 (OnsiteAttachment, 1);

      attachment->id = sqlite3_column_int64 (stmt, 0);
      attachment->name = _onsite_column_dup (stmt, 1);
      attachment->path = _onsite_column_dup (stmt, 2);
      attachment->size = sqlite3_column_int64 (stmt, 3);
      attachment->mime_type = _onsite_column_dup (stmt, 4);
      attachment->added_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (attachments, attachment);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the attachments"), error);
      return NULL;
    }

  return g_steal_pointer (&attachments);
}

static gboolean
read_feedback (OnsiteStore     *self,
               gint64           visit_id,
               OnsiteFeedback **feedback,
               GError         **error)
{
  static const char sql[] =
    "SELECT rating, comment, customer_name, given_at FROM visit_feedback WHERE visit_id = ?1";
  sqlite3_stmt *stmt;
  int rc;

  *feedback = NULL;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, visit_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *feedback = g_new0 (OnsiteFeedback, 1);
      (*feedback)->rating = sqlite3_column_int (stmt, 0);
      (*feedback)->comment = _onsite_column_dup (stmt, 1);
      (*feedback)->customer_name = _onsite_column_dup (stmt, 2);
      (*feedback)->given_at = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the feedback"), error);
      return FALSE;
    }

  return TRUE;
}

/**
 * onsite_store_get_work_record:
 *
 * Returns: (transfer full): what happened on the visit so far, or %NULL
 *   with @error set
 */
OnsiteWorkRecord *
onsite_store_get_work_record (OnsiteStore  *self,
                              gint64        visit_id,
                              GError      **error)
{
  g_autoptr(OnsiteWorkRecord) record = NULL;
  g_auto(VisitRow) row = { 0 };

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!read_visit (self, visit_id, &row, error))
    return NULL;

  record = g_new0 (OnsiteWorkRecord, 1);
  record->visit_id = visit_id;
  record->ticket_id = row.ticket_id;
  record->state = row.state;
  record->en_route_at = row.en_route_at;
  record->arrived_at = row.arrived_at;
  record->departed_at = row.departed_at;
  record->notes = g_steal_pointer (&row.notes);

  if (!(record->parts = read_parts (self, visit_id, error)) ||
      !(record->attachments = read_attachments (self, visit_id, error)) ||
      !read_feedback (self, visit_id, &record->feedback, error))
    return NULL;

  return g_steal_pointer (&record);
}

/**
 * onsite_store_list_tech_visits:
 * @from: start of the span (a day's start)
 * @to: its end
 *
 * A technician's visits in route order (by planned start), the cancelled
 * ones left out.
 *
 * Returns: (transfer full) (element-type OnsiteVisit): the visits
 */
GPtrArray *
onsite_store_list_tech_visits (OnsiteStore  *self,
                               gint64        technician_id,
                               gint64        from,
                               gint64        to,
                               GError      **error)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) visits = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(all = onsite_store_list_visits (self, from, to, error)))
    return NULL;

  for (guint i = 0; i < all->len; i++)
    {
      OnsiteVisit *visit = g_ptr_array_index (all, i);

      if (onsite_visit_get_technician_id (visit) == technician_id &&
          onsite_visit_get_state (visit) != ONSITE_VISIT_CANCELLED)
        g_ptr_array_add (visits, g_object_ref (visit));
    }

  return g_steal_pointer (&visits);
}

/* The ticket's status after a step; the same status for none. A ticket
 * that someone meanwhile resolved or closed is left alone. */
static OnsiteTicketStatus
status_after_step (OnsiteVisitStep    step,
                   OnsiteTicketStatus status)
{
  if (!onsite_ticket_status_is_open (status))
    return status;

  switch (step)
    {
    case ONSITE_VISIT_STEP_ARRIVE:
      return ONSITE_TICKET_STATUS_IN_PROGRESS;

    case ONSITE_VISIT_STEP_RESOLVE:
      return ONSITE_TICKET_STATUS_RESOLVED;

    case ONSITE_VISIT_STEP_NEEDS_PARTS:
    case ONSITE_VISIT_STEP_NEEDS_VENDOR:
      return ONSITE_TICKET_STATUS_WAITING;

    case ONSITE_VISIT_STEP_NO_ACCESS:
    case ONSITE_VISIT_STEP_RESCHEDULE:
      /* Back to the dispatcher for another visit. */
      return ONSITE_TICKET_STATUS_OPEN;

    case ONSITE_VISIT_STEP_EN_ROUTE:
    case ONSITE_N_VISIT_STEPS:
    default:
      return status;
    }
}

static void
set_refusal (const VisitRow   *row,
             OnsiteVisitStep   step,
             GError          **error)
{
  const char *title = row->title;

  if (!onsite_visit_state_is_active (row->state))
    g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                 _("The visit for “%s” is already %s; it cannot be marked “%s”."),
                 title, onsite_visit_state_to_label (row->state), onsite_visit_step_to_label (step));
  else if (step == ONSITE_VISIT_STEP_EN_ROUTE && row->state == ONSITE_VISIT_EN_ROUTE)
    g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                 _("You are already on the way to “%s”."), title);
  else if (row->state == ONSITE_VISIT_ON_SITE)
    g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                 _("You are already on site for “%s”."), title);
  else
    g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                 _("Mark the visit for “%s” “On Site” before “%s”."),
                 title, onsite_visit_step_to_label (step));
}

/* "Marco Rossi resolved the problem at 11:02 after 1 h 12 min on site" */
static char *
describe_step (const VisitRow  *row,
               OnsiteVisitStep  step,
               const char      *who,
               gint64           at,
               gint64           arrived_at)
{
  g_autofree char *clock = format_clock (at);
  g_autofree char *stay = arrived_at > 0 ? onsite_format_duration (at - arrived_at) : NULL;

  switch (step)
    {
    case ONSITE_VISIT_STEP_EN_ROUTE:
      /* Translators: history line: "Marco Rossi on the way at 09:12" */
      return g_strdup_printf (_("%s on the way at %s"), who, clock);

    case ONSITE_VISIT_STEP_ARRIVE:
      if (row->en_route_at > 0)
        {
          g_autofree char *travel = onsite_format_duration (at - row->en_route_at);

          /* Translators: history line: "Marco Rossi arrived on site at 09:40 (28 min on the way)" */
          return g_strdup_printf (_("%s arrived on site at %s (%s on the way)"), who, clock, travel);
        }
      return g_strdup_printf (_("%s arrived on site at %s"), who, clock);

    case ONSITE_VISIT_STEP_RESOLVE:
      /* Translators: history line: "Marco Rossi resolved the problem at 11:02 after 1 h 22 min on site" */
      return g_strdup_printf (_("%s resolved the problem at %s after %s on site"), who, clock, stay);

    case ONSITE_VISIT_STEP_NEEDS_PARTS:
      /* Translators: history line: "Marco Rossi left at 11:02 after 1 h 22 min on site: parts are needed" */
      return g_strdup_printf (_("%s left at %s after %s on site: parts are needed"), who, clock, stay);

    case ONSITE_VISIT_STEP_NEEDS_VENDOR:
      return g_strdup_printf (_("%s left at %s after %s on site: the vendor has to come (L3)"), who, clock, stay);

    case ONSITE_VISIT_STEP_NO_ACCESS:
      /* Translators: history line: "Marco Rossi could not get in at 09:41: customer absent or no access" */
      return g_strdup_printf (_("%s could not get in at %s: customer absent or no access"), who, clock);

    case ONSITE_VISIT_STEP_RESCHEDULE:
      /* Translators: history line: "Marco Rossi asked at 09:41 to reschedule the visit" */
      return g_strdup_printf (_("%s asked at %s to reschedule the visit"), who, clock);

    case ONSITE_N_VISIT_STEPS:
    default:
      g_assert_not_reached ();
    }

  return NULL;
}

/* The comment for the ticket service: the history line, the note and, when
 * the technician leaves, the work record. Plain text. */
static char *
build_comment (const char       *summary,
               const char       *note,
               gboolean          leaving,
               const char       *notes,
               GPtrArray        *parts,
               GPtrArray        *attachments)
{
  GString *text = g_string_new (summary);

  g_string_append_c (text, '.');

  if (!text_is_empty (note))
    {
      g_string_append (text, "\n\n");
      g_string_append (text, note);
    }

  if (!leaving)
    return g_string_free (text, FALSE);

  if (!text_is_empty (notes))
    {
      g_string_append_printf (text, "\n\n%s\n", _("Work notes:"));
      g_string_append (text, notes);
    }

  if (parts && parts->len > 0)
    {
      g_string_append_printf (text, "\n\n%s", _("Parts used:"));
      for (guint i = 0; i < parts->len; i++)
        {
          OnsitePart *part = g_ptr_array_index (parts, i);

          g_string_append_printf (text, "\n- %d × %s", part->quantity, part->description);
        }
    }

  if (attachments && attachments->len > 0)
    {
      g_string_append_printf (text, "\n\n%s", _("Files attached:"));
      for (guint i = 0; i < attachments->len; i++)
        {
          OnsiteAttachment *attachment = g_ptr_array_index (attachments, i);
          g_autofree char *size = g_format_size (attachment->size);

          g_string_append_printf (text, "\n- %s (%s)", attachment->name, size);
        }
    }

  return g_string_free (text, FALSE);
}

/* As the ticket service's fields take times: UTC, no zone. */
static char *
format_service_time (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t);

  return dt ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
}

/*
 *   { "visit": 12, "step": "resolved", "at": "2026-11-23 11:02:00",
 *     "text": "Marco Rossi resolved…", "actor": "marco",
 *     "status": "resolved", "previous": "in-progress" }
 */
static char *
build_step_payload (gint64              visit_id,
                    OnsiteVisitStep     step,
                    gint64              at,
                    const char         *text,
                    const char         *actor,
                    OnsiteTicketStatus  status_before,
                    OnsiteTicketStatus  status_after,
                    GPtrArray          *attachments)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *when = format_service_time (at);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "visit");
  json_builder_add_int_value (builder, visit_id);
  json_builder_set_member_name (builder, "step");
  json_builder_add_string_value (builder, onsite_visit_step_to_string (step));
  json_builder_set_member_name (builder, "at");
  json_builder_add_string_value (builder, when);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "actor");
  json_builder_add_string_value (builder, actor ? actor : "");
  if (status_before != status_after)
    {
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, onsite_ticket_status_to_string (status_after));
      json_builder_set_member_name (builder, "previous");
      json_builder_add_string_value (builder, onsite_ticket_status_to_string (status_before));
    }
  /* The files go with the note where the service takes them. */
  if (attachments && attachments->len > 0)
    {
      json_builder_set_member_name (builder, "attachments");
      json_builder_begin_array (builder);
      for (guint i = 0; i < attachments->len; i++)
        {
          OnsiteAttachment *attachment = g_ptr_array_index (attachments, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, attachment->name);
          json_builder_set_member_name (builder, "path");
          json_builder_add_string_value (builder, attachment->path);
          json_builder_set_member_name (builder, "mime-type");
          json_builder_add_string_value (builder, attachment->mime_type);
          json_builder_set_member_name (builder, "size");
          json_builder_add_int_value (builder, attachment->size);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
write_status (OnsiteStore         *self,
              gint64               ticket_id,
              OnsiteTicketStatus   status,
              gint64               now,
              GError             **error)
{
  static const char sql[] =
    "UPDATE tickets SET status = ?2, updated_at = ?3 WHERE id = ?1 AND status <> ?2";
  sqlite3_stmt *stmt;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_text (stmt, 2, onsite_ticket_status_to_string (status), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);

  return _onsite_store_step_done (self, stmt, _("change the status"), error);
}

/**
 * onsite_store_visit_step:
 * @visit_id: the visit
 * @step: what the technician did
 * @note: (nullable): a few words to go with it
 * @at: when, unix seconds, or 0 for now
 * @actor: (nullable): who did it, for the history and the comment
 *
 * Moves a visit along its life (see onsite_visit_step_is_allowed()) and
 * records when: setting off, arrival, departure. One transaction writes
 * the visit, the ticket's status where the step changes it, a history line
 * with the time ("Marco Rossi arrived on site at 09:40") and one outbox row
 * of kind "visit-step". Steps that leave the site carry the work record.
 *
 * Returns: %TRUE on success; an impossible step or time is refused with
 *   %ONSITE_STORE_ERROR_INVALID and nothing is written
 */
gboolean
onsite_store_visit_step (OnsiteStore      *self,
                         gint64            visit_id,
                         OnsiteVisitStep   step,
                         const char       *note,
                         gint64            at,
                         const char       *actor,
                         GError          **error)
{
  static const char sql[] =
    "UPDATE visits SET state = ?2, en_route_at = ?3, arrived_at = ?4,"
    "  departed_at = ?5, updated_at = ?6 WHERE id = ?1 AND state = ?7";
  g_auto(VisitRow) row = { 0 };
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(JsonBuilder) data = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *line = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *payload = NULL;
  OnsiteTicketStatus new_status;
  OnsiteVisitState target;
  gint64 en_route_at, arrived_at, departed_at;
  gboolean leaving;
  const char *who;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (step < ONSITE_N_VISIT_STEPS, FALSE);

  if (at <= 0)
    at = now_seconds ();

  if (!read_visit (self, visit_id, &row, error))
    return FALSE;

  if (!onsite_visit_step_is_allowed (step, row.state))
    {
      set_refusal (&row, step, error);
      return FALSE;
    }

  target = onsite_visit_step_get_target (step);
  en_route_at = row.en_route_at;
  arrived_at = row.arrived_at;
  departed_at = row.departed_at;

  /* A step cannot come before the one it follows. */
  if (step == ONSITE_VISIT_STEP_ARRIVE && en_route_at > 0 && at < en_route_at)
    {
      g_autofree char *a = format_clock (at);
      g_autofree char *b = format_clock (en_route_at);

      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("The arrival at %s cannot be before setting off at %s."), a, b);
      return FALSE;
    }
  if (arrived_at > 0 && at < arrived_at)
    {
      g_autofree char *a = format_clock (at);
      g_autofree char *b = format_clock (arrived_at);

      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("The departure at %s cannot be before the arrival at %s."), a, b);
      return FALSE;
    }

  if (step == ONSITE_VISIT_STEP_EN_ROUTE)
    en_route_at = at;
  else if (step == ONSITE_VISIT_STEP_ARRIVE)
    arrived_at = at;
  else if (arrived_at > 0)
    departed_at = at;

  /* Leaving the site: the work record goes with the step. */
  leaving = row.state == ONSITE_VISIT_ON_SITE;
  if (leaving &&
      (!(parts = read_parts (self, visit_id, error)) ||
       !(attachments = read_attachments (self, visit_id, error))))
    return FALSE;

  who = *row.tech_name ? row.tech_name : (actor && *actor ? actor : _("The technician"));
  summary = describe_step (&row, step, who, at, arrived_at);
  if (text_is_empty (note))
    line = g_strdup (summary);
  else
    /* Translators: a history line and the technician's note */
    line = g_strdup_printf (_("%s: %s"), summary, note);
  comment = build_comment (summary, note, leaving, row.notes, parts, attachments);

  new_status = status_after_step (step, row.ticket_status);
  payload = build_step_payload (visit_id, step, at, comment, actor, row.ticket_status, new_status,
                                attachments);

  data = json_builder_new ();
  json_builder_begin_object (data);
  json_builder_set_member_name (data, "visit");
  json_builder_add_int_value (data, visit_id);
  json_builder_set_member_name (data, "step");
  json_builder_add_string_value (data, onsite_visit_step_to_string (step));
  json_builder_set_member_name (data, "at");
  json_builder_add_int_value (data, at);
  if (arrived_at > 0 && departed_at > 0)
    {
      json_builder_set_member_name (data, "on-site-seconds");
      json_builder_add_int_value (data, departed_at - arrived_at);
    }
  if (!text_is_empty (note))
    {
      json_builder_set_member_name (data, "note");
      json_builder_add_string_value (data, note);
    }
  json_builder_end_object (data);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;

  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_text (stmt, 2, onsite_visit_state_to_string (target), -1, SQLITE_STATIC);
  _onsite_bind_time_or_null (stmt, 3, en_route_at);
  _onsite_bind_time_or_null (stmt, 4, arrived_at);
  _onsite_bind_time_or_null (stmt, 5, departed_at);
  sqlite3_bind_int64 (stmt, 6, now_seconds ());
  sqlite3_bind_text (stmt, 7, onsite_visit_state_to_string (row.state), -1, SQLITE_STATIC);

  if (!_onsite_store_step_done (self, stmt, _("save the visit"), error))
    goto failure;

  /* Another window may have moved the visit on since we read it. */
  if (sqlite3_changes (_onsite_store_get_db (self)) != 1)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("The visit for “%s” changed meanwhile; look at it again."), row.title);
      goto failure;
    }

  if (!write_status (self, row.ticket_id, new_status, at, error) ||
      !add_event (self, row.ticket_id, at, actor, line, data, error) ||
      !_onsite_store_enqueue_change (self, row.ticket_id, "visit-step", payload, error) ||
      !onsite_store_commit (self, error))
    goto failure;

  return TRUE;

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/* Work record ------------------------------------------------------------- */

/**
 * onsite_store_set_work_notes:
 * @notes: the technician's notes, replacing the earlier ones
 *
 * Saves the notes of a visit that is not over. They are sent with the step
 * that leaves the site; saving them writes no history line (they are
 * saved as the technician types).
 *
 * Returns: %TRUE on success
 */
gboolean
onsite_store_set_work_notes (OnsiteStore  *self,
                             gint64        visit_id,
                             const char   *notes,
                             GError      **error)
{
  static const char sql[] = "UPDATE visits SET work_notes = ?2 WHERE id = ?1";
  g_auto(VisitRow) row = { 0 };
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!read_visit (self, visit_id, &row, error))
    return FALSE;

  if (g_strcmp0 (row.notes, notes ? notes : "") == 0)
    return TRUE;

  if (!check_record_open (&row, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, visit_id);
  _onsite_bind_text (stmt, 2, notes);

  return _onsite_store_step_done (self, stmt, _("save the work notes"), error);
}

/**
 * onsite_store_add_part:
 * @description: what was used ("Fan 80 mm")
 * @quantity: how many, 1 to 9999
 *
 * Writes down a part used on a visit that is not over, with a history line.
 *
 * Returns: the part's id, or 0 with @error set
 */
gint64
onsite_store_add_part (OnsiteStore  *self,
                       gint64        visit_id,
                       const char   *description,
                       int           quantity,
                       const char   *actor,
                       GError      **error)
{
  static const char sql[] =
    "INSERT INTO visit_parts (visit_id, description, quantity, added_at) VALUES (?1, ?2, ?3, ?4)";
  g_auto(VisitRow) row = { 0 };
  g_autofree char *clean = NULL;
  g_autofree char *summary = NULL;
  sqlite3_stmt *stmt;
  gint64 now = now_seconds ();
  gint64 id;

  g_return_val_if_fail (ONSITE_IS_STORE (self), 0);

  clean = g_strstrip (g_strdup (description ? description : ""));
  if (*clean == '\0')
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Say which part was used."));
      return 0;
    }
  if (quantity < 1 || quantity > 9999)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("A quantity must be from 1 to 9999."));
      return 0;
    }

  if (!read_visit (self, visit_id, &row, error) || !check_record_open (&row, error))
    return 0;

  /* Translators: history line: "Part used: 2 × Fan 80 mm" */
  summary = g_strdup_printf (_("Part used: %d × %s"), quantity, clean);

  if (!onsite_store_begin (self, error))
    return 0;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  _onsite_bind_text (stmt, 2, clean);
  sqlite3_bind_int (stmt, 3, quantity);
  sqlite3_bind_int64 (stmt, 4, now);
  if (!_onsite_store_step_done (self, stmt, _("save the part"), error))
    goto failure;

  id = sqlite3_last_insert_rowid (_onsite_store_get_db (self));

  if (!add_event (self, row.ticket_id, now, actor, summary, NULL, error) ||
      !onsite_store_commit (self, error))
    goto failure;

  return id;

failure:
  onsite_store_rollback (self);
  return 0;
}

gboolean
onsite_store_remove_part (OnsiteStore  *self,
                          gint64        part_id,
                          const char   *actor,
                          GError      **error)
{
  static const char read_sql[] =
    "SELECT visit_id, description, quantity FROM visit_parts WHERE id = ?1";
  static const char sql[] = "DELETE FROM visit_parts WHERE id = ?1";
  g_auto(VisitRow) row = { 0 };
  g_autofree char *description = NULL;
  g_autofree char *summary = NULL;
  gint64 visit_id = 0;
  int quantity = 0;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(stmt = _onsite_store_prepare (self, read_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, part_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      visit_id = sqlite3_column_int64 (stmt, 0);
      description = _onsite_column_dup (stmt, 1);
      quantity = sqlite3_column_int (stmt, 2);
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                   _("The part is not in the work record."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _onsite_store_set_error (self, rc, _("read the part"), error);
      return FALSE;
    }

  if (!read_visit (self, visit_id, &row, error) || !check_record_open (&row, error))
    return FALSE;

  /* Translators: history line: "Part removed from the work record: 2 × Fan 80 mm" */
  summary = g_strdup_printf (_("Part removed from the work record: %d × %s"), quantity, description);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, part_id);
  if (!_onsite_store_step_done (self, stmt, _("remove the part"), error) ||
      !add_event (self, row.ticket_id, now_seconds (), actor, summary, NULL, error) ||
      !onsite_store_commit (self, error))
    goto failure;

  return TRUE;

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/* Attachments ------------------------------------------------------------- */

typedef struct
{
  gint64  visit_id;
  gint64  ticket_id;
  GFile  *source;
  char   *directory;
  char   *actor;
  /* Filled in by the copy. */
  char   *path;
  char   *name;
  char   *mime_type;
  gint64  size;
} AttachData;

static void
attach_data_free (AttachData *data)
{
  g_clear_object (&data->source);
  g_free (data->directory);
  g_free (data->actor);
  g_free (data->path);
  g_free (data->name);
  g_free (data->mime_type);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AttachData, attach_data_free)

/*
 * Copies the file into the ticket's folder under a name not taken yet
 * ("photo.jpg", "photo (2).jpg"…). File I/O only: runs in a thread.
 */
static gboolean
copy_attachment (AttachData    *data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  const char *content_type;
  const char *dot;

  info = g_file_query_info (data->source,
                            G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (data->source);

      g_set_error (error, G_IO_ERROR, local_error->code,
                   _("Could not read “%s”: %s"), name, local_error->message);
      return FALSE;
    }

  display = g_strdup (g_file_info_get_display_name (info));
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a file; attach photos or documents."), display);
      return FALSE;
    }

  content_type = g_file_info_get_content_type (info);
  data->mime_type = content_type ? g_content_type_get_mime_type (content_type) : NULL;
  if (data->mime_type == NULL)
    data->mime_type = g_strdup ("application/octet-stream");
  data->size = g_file_info_get_size (info);

  if (g_mkdir_with_parents (data->directory, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder for attachments “%s”: %s"),
                   data->directory, g_strerror (saved));
      return FALSE;
    }

  /* Keep the extension when numbering: "photo (2).jpg". */
  dot = strrchr (display, '.');
  if (dot == display)
    dot = NULL;

  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char *base = NULL;
      g_autoptr(GFile) target = NULL;

      if (n == 1)
        base = g_strdup (display);
      else if (dot)
        base = g_strdup_printf ("%.*s (%u)%s", (int)(dot - display), display, n, dot);
      else
        base = g_strdup_printf ("%s (%u)", display, n);

      /* A name from elsewhere must not climb out of the folder. */
      g_strdelimit (base, G_DIR_SEPARATOR_S, '_');

      g_clear_pointer (&data->path, g_free);
      data->path = g_build_filename (data->directory, base, NULL);
      target = g_file_new_for_path (data->path);

      g_clear_error (&local_error);
      if (g_file_copy (data->source, target, G_FILE_COPY_NONE, cancellable, NULL, NULL, &local_error))
        {
          /* Named as kept, so that two photos can be told apart. */
          g_free (data->name);
          data->name = g_steal_pointer (&base);
          return TRUE;
        }

      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_set_error (error, G_IO_ERROR, local_error->code,
                       _("Could not copy “%s” into the attachments: %s"),
                       display, local_error->message);
          g_remove (data->path);
          return FALSE;
        }
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("Too many files named “%s” are attached already."), display);
  return FALSE;
}

static gint64
record_attachment (OnsiteStore  *self,
                   AttachData   *data,
                   GError      **error)
{
  static const char sql[] =
    "INSERT INTO visit_attachments (visit_id, name, path, size, mime_type, added_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  g_auto(VisitRow) row = { 0 };
  g_autofree char *size = g_format_size (data->size);
  g_autofree char *summary = NULL;
  sqlite3_stmt *stmt;
  gint64 now = now_seconds ();
  gint64 id;

  /* Checked again: the visit may have moved on during the copy. */
  if (!read_visit (self, data->visit_id, &row, error) || !check_record_open (&row, error))
    return 0;

  /* Translators: history line: "File attached: photo.jpg (1.2 MB)" */
  summary = g_strdup_printf (_("File attached: %s (%s)"), data->name, size);

  if (!onsite_store_begin (self, error))
    return 0;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, data->visit_id);
  _onsite_bind_text (stmt, 2, data->name);
  _onsite_bind_text (stmt, 3, data->path);
  sqlite3_bind_int64 (stmt, 4, data->size);
  _onsite_bind_text (stmt, 5, data->mime_type);
  sqlite3_bind_int64 (stmt, 6, now);
  if (!_onsite_store_step_done (self, stmt, _("save the attachment"), error))
    goto failure;

  id = sqlite3_last_insert_rowid (_onsite_store_get_db (self));

  if (!add_event (self, row.ticket_id, now, data->actor, summary, NULL, error) ||
      !onsite_store_commit (self, error))
    goto failure;

  return id;

failure:
  onsite_store_rollback (self);
  return 0;
}

static AttachData *
attach_data_new (OnsiteStore  *self,
                 gint64        visit_id,
                 GFile        *file,
                 const char   *directory,
                 const char   *actor,
                 GError      **error)
{
  g_autoptr(AttachData) data = NULL;
  g_auto(VisitRow) row = { 0 };

  if (!read_visit (self, visit_id, &row, error) || !check_record_open (&row, error))
    return NULL;

  data = g_new0 (AttachData, 1);
  data->visit_id = visit_id;
  data->ticket_id = row.ticket_id;
  data->source = g_object_ref (file);
  data->directory = directory ? g_strdup (directory) : onsite_attachments_dir (row.ticket_id);
  data->actor = g_strdup (actor);

  return g_steal_pointer (&data);
}

/**
 * onsite_store_attach_file:
 * @file: the photo or document
 * @directory: (nullable): where to keep the copy, %NULL for
 *   onsite_attachments_dir()
 *
 * Copies @file into the local data folder and records it with the visit
 * (name, size, content type) and a history line. The step that leaves the
 * site lists it in its comment and carries its path, so that the connector
 * can send the file with the comment (RT does, up to 10 MB).
 * Blocks on file I/O; the window uses onsite_store_attach_file_async().
 *
 * Returns: the attachment's id, or 0 with @error set (no copy left behind)
 */
gint64
onsite_store_attach_file (OnsiteStore   *self,
                          gint64         visit_id,
                          GFile         *file,
                          const char    *directory,
                          const char    *actor,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(AttachData) data = NULL;
  gint64 id;

  g_return_val_if_fail (ONSITE_IS_STORE (self), 0);
  g_return_val_if_fail (G_IS_FILE (file), 0);

  if (!(data = attach_data_new (self, visit_id, file, directory, actor, error)) ||
      !copy_attachment (data, cancellable, error))
    return 0;

  if (!(id = record_attachment (self, data, error)))
    g_remove (data->path);

  return id;
}

static void
copy_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (copy_attachment (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
copied_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OnsiteStore *self = g_task_get_source_object (task);
  AttachData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 id;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The store is written on the main thread, as everywhere else. */
  if (!(id = record_attachment (self, data, &error)))
    {
      g_remove (data->path);
      g_task_return_error (task, error);
      return;
    }

  g_task_return_int (task, id);
}

/**
 * onsite_store_attach_file_async:
 *
 * Like onsite_store_attach_file(), with the copy in a thread.
 */
void
onsite_store_attach_file_async (OnsiteStore         *self,
                                gint64               visit_id,
                                GFile               *file,
                                const char          *directory,
                                const char          *actor,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) copy = NULL;
  AttachData *data;
  GError *error = NULL;

  g_return_if_fail (ONSITE_IS_STORE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onsite_store_attach_file_async);

  if (!(data = attach_data_new (self, visit_id, file, directory, actor, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, data, (GDestroyNotify)attach_data_free);

  copy = g_task_new (NULL, cancellable, copied_cb, g_object_ref (task));
  g_task_set_source_tag (copy, copy_thread);
  g_task_set_task_data (copy, data, NULL);
  g_task_run_in_thread (copy, copy_thread);
}

gint64
onsite_store_attach_file_finish (OnsiteStore   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  return g_task_propagate_int (G_TASK (result), error);
}

/* Feedback ---------------------------------------------------------------- */

static char *
enqueue_comment_payload (const char *text,
                         const char *actor,
                         gint64      visit_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "visit");
  json_builder_add_int_value (builder, visit_id);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "actor");
  json_builder_add_string_value (builder, actor ? actor : "");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * onsite_store_add_feedback:
 * @rating: satisfaction, 1 to 5
 * @comment: (nullable): what the customer said
 * @customer_name: who gave it
 * @at: when, or 0 for now
 *
 * Records the customer's feedback at the end of a visit the technician
 * was on site for (once per visit), keeps it for the KPIs, and sends it to
 * the ticket service as a comment: one transaction for the feedback, a
 * history line and one outbox row.
 *
 * Returns: %TRUE on success
 */
gboolean
onsite_store_add_feedback (OnsiteStore  *self,
                           gint64        visit_id,
                           int           rating,
                           const char   *comment,
                           const char   *customer_name,
                           gint64        at,
                           const char   *actor,
                           GError      **error)
{
  static const char sql[] =
    "INSERT INTO visit_feedback (visit_id, ticket_id, technician_id, rating, comment,"
    "  customer_name, given_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  g_auto(VisitRow) row = { 0 };
  g_autoptr(OnsiteFeedback) existing = NULL;
  g_autoptr(JsonBuilder) data = NULL;
  g_autofree char *name = NULL;
  g_autofree char *said = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  g_autofree char *payload = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (rating < 1 || rating > 5)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Satisfaction is given from 1 to 5 stars."));
      return FALSE;
    }

  name = g_strstrip (g_strdup (customer_name ? customer_name : ""));
  if (*name == '\0')
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Write the name of the customer who gives the feedback."));
      return FALSE;
    }

  said = g_strstrip (g_strdup (comment ? comment : ""));

  if (at <= 0)
    at = now_seconds ();

  if (!read_visit (self, visit_id, &row, error))
    return FALSE;

  if (row.arrived_at <= 0 ||
      (row.state != ONSITE_VISIT_ON_SITE && row.state != ONSITE_VISIT_DONE &&
       row.state != ONSITE_VISIT_NEEDS_PARTS && row.state != ONSITE_VISIT_NEEDS_VENDOR))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("Feedback is given at the end of a visit the technician was on site for; the visit for “%s” is %s."),
                   row.title, onsite_visit_state_to_label (row.state));
      return FALSE;
    }

  if (!read_feedback (self, visit_id, &existing, error))
    return FALSE;

  if (existing)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("%s already gave feedback for this visit."), existing->customer_name);
      return FALSE;
    }

  clock = format_clock (at);
  if (*said)
    /* Translators: history line: "Anna Bianchi rated the visit 4 of 5 at 11:05: “Quick and tidy”" */
    summary = g_strdup_printf (_("%s rated the visit %d of 5 at %s: “%s”"), name, rating, clock, said);
  else
    summary = g_strdup_printf (_("%s rated the visit %d of 5 at %s"), name, rating, clock);

  {
    GString *s = g_string_new (NULL);

    /* Translators: a comment sent to the ticket service */
    g_string_append_printf (s, _("Customer feedback: %d of 5 from %s, given at %s."),
                            rating, name, clock);
    if (*said)
      g_string_append_printf (s, "\n\n%s", said);
    text = g_string_free (s, FALSE);
  }
  payload = enqueue_comment_payload (text, actor, visit_id);

  data = json_builder_new ();
  json_builder_begin_object (data);
  json_builder_set_member_name (data, "visit");
  json_builder_add_int_value (data, visit_id);
  json_builder_set_member_name (data, "step");
  json_builder_add_string_value (data, "feedback");
  json_builder_set_member_name (data, "rating");
  json_builder_add_int_value (data, rating);
  json_builder_end_object (data);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_int64 (stmt, 2, row.ticket_id);
  if (row.technician_id > 0)
    sqlite3_bind_int64 (stmt, 3, row.technician_id);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int (stmt, 4, rating);
  _onsite_bind_text (stmt, 5, said);
  _onsite_bind_text (stmt, 6, name);
  sqlite3_bind_int64 (stmt, 7, at);

  if (!_onsite_store_step_done (self, stmt, _("save the feedback"), error) ||
      !add_event (self, row.ticket_id, at, actor, summary, data, error) ||
      !_onsite_store_enqueue_change (self, row.ticket_id, "comment", payload, error) ||
      !onsite_store_commit (self, error))
    goto failure;

  return TRUE;

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/**
 * onsite_store_get_feedback_stats:
 * @from: start of the span, unix seconds
 * @to: its end
 * @count: (out): how many feedbacks were given in [@from, @to)
 * @mean: (out): their mean rating, 0 when there are none
 *
 * The help desk's quality signal, for the KPIs.
 *
 * Returns: %TRUE on success
 */
gboolean
onsite_store_get_feedback_stats (OnsiteStore  *self,
                                 gint64        from,
                                 gint64        to,
                                 guint        *count,
                                 double       *mean,
                                 GError      **error)
{
  static const char sql[] =
    "SELECT count(*), coalesce (avg (rating), 0) FROM visit_feedback"
    " WHERE given_at >= ?1 AND given_at < ?2";
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (count != NULL && mean != NULL, FALSE);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *count = sqlite3_column_int (stmt, 0);
      *mean = sqlite3_column_double (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    {
      _onsite_store_set_error (self, rc, _("read the feedback"), error);
      return FALSE;
    }

  return TRUE;
}
