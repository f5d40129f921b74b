/* onsite-store-dispatch.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "onsite-store-dispatch.h"
#include "onsite-store-private.h"
#include "dispatch/onsite-visit-private.h"

/*
 * The store's side of dispatching: the roster (technicians, their skills,
 * hours and absences) and the visits. Visit changes travel to the ticket
 * service through the outbox like every other local change.
 */

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
column_dup_or_null (sqlite3_stmt *stmt,
                    int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;

  return _onsite_column_dup (stmt, column);
}

static gboolean
step_rows_done (OnsiteStore   *self,
                sqlite3_stmt  *stmt,
                int            rc,
                const char    *doing,
                GError       **error)
{
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, doing, error);
      return FALSE;
    }

  return TRUE;
}

/* Technicians ------------------------------------------------------------- */

static int
compare_techs (gconstpointer a,
               gconstpointer b)
{
  OnsiteTech *ta = *(OnsiteTech **)a;
  OnsiteTech *tb = *(OnsiteTech **)b;
  int cmp = g_utf8_collate (onsite_tech_get_name (ta), onsite_tech_get_name (tb));

  if (cmp != 0)
    return cmp;

  return onsite_tech_get_id (ta) < onsite_tech_get_id (tb) ? -1 :
         onsite_tech_get_id (ta) > onsite_tech_get_id (tb);
}

/*
 * Reads technicians (one, or all) with skills, hours, and the absences
 * that overlap [@absences_from, @absences_to).
 */
static GPtrArray *
load_techs (OnsiteStore  *self,
            gint64        only_id,
            gboolean      include_inactive,
            gint64        absences_from,
            gint64        absences_to,
            GError      **error)
{
  static const char sql[] =
    "SELECT id, remote_id, name, email, phone, home_address, home_latitude,"
    "  home_longitude, active FROM technicians"
    " WHERE (?1 = 0 OR id = ?1) AND (?2 OR active)";
  static const char skills_sql[] =
    "SELECT technician_id, skill FROM technician_skills ORDER BY technician_id, skill";
  static const char hours_sql[] =
    "SELECT technician_id, weekday, start_minute, end_minute FROM technician_hours";
  static const char absences_sql[] =
    "SELECT technician_id, id, starts_at, ends_at, reason FROM technician_absences"
    " WHERE ends_at > ?1 AND starts_at < ?2";
  g_autoptr(GPtrArray) techs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = NULL;
  g_autoptr(GHashTable) skills = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, only_id);
  sqlite3_bind_int (stmt, 2, include_inactive ? 1 : 0);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *name = _onsite_column_dup (stmt, 2);
      g_autofree char *remote_id = column_dup_or_null (stmt, 1);
      g_autofree char *email = _onsite_column_dup (stmt, 3);
      g_autofree char *phone = _onsite_column_dup (stmt, 4);
      g_autofree char *home = _onsite_column_dup (stmt, 5);
      OnsiteTech *tech = onsite_tech_new (sqlite3_column_int64 (stmt, 0), name);

      onsite_tech_set_remote_id (tech, remote_id);
      onsite_tech_set_email (tech, email);
      onsite_tech_set_phone (tech, phone);
      onsite_tech_set_home (tech, home,
                            sqlite3_column_type (stmt, 6) != SQLITE_NULL,
                            sqlite3_column_double (stmt, 6),
                            sqlite3_column_double (stmt, 7));
      onsite_tech_set_active (tech, sqlite3_column_int (stmt, 8) != 0);
      g_ptr_array_add (techs, tech);
    }

  if (!step_rows_done (self, stmt, rc, _("read the technicians"), error))
    return NULL;

  by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < techs->len; i++)
    {
      OnsiteTech *tech = g_ptr_array_index (techs, i);
      gint64 id = onsite_tech_get_id (tech);

      g_hash_table_insert (by_id, g_memdup2 (&id, sizeof id), tech);
    }

  /* Skills: gathered first, since a technician takes them all at once. */
  skills = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                  (GDestroyNotify)g_ptr_array_unref);
  if (!(stmt = _onsite_store_prepare (self, skills_sql, error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      GPtrArray *list;

      if (!g_hash_table_contains (by_id, &id))
        continue;

      if (!(list = g_hash_table_lookup (skills, &id)))
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (skills, g_memdup2 (&id, sizeof id), list);
        }
      g_ptr_array_add (list, _onsite_column_dup (stmt, 1));
    }

  if (!step_rows_done (self, stmt, rc, _("read the technicians’ skills"), error))
    return NULL;

  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, skills);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        GPtrArray *list = value;

        g_ptr_array_add (list, NULL);
        onsite_tech_set_skills (g_hash_table_lookup (by_id, key), (const char * const *)list->pdata);
      }
  }

  if (!(stmt = _onsite_store_prepare (self, hours_sql, error)))
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      OnsiteTech *tech = g_hash_table_lookup (by_id, &id);
      int weekday = sqlite3_column_int (stmt, 1);
      int start = sqlite3_column_int (stmt, 2);
      int end = sqlite3_column_int (stmt, 3);

      /* The schema's checks make anything else impossible. */
      if (tech && weekday >= 1 && weekday <= 7 && start >= 0 && end <= 24 * 60 && start < end)
        onsite_tech_add_work_period (tech, weekday, start, end);
    }

  if (!step_rows_done (self, stmt, rc, _("read the working hours"), error))
    return NULL;

  if (!(stmt = _onsite_store_prepare (self, absences_sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, absences_from);
  sqlite3_bind_int64 (stmt, 2, absences_to);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      OnsiteTech *tech = g_hash_table_lookup (by_id, &id);
      g_autofree char *reason = _onsite_column_dup (stmt, 4);

      if (tech)
        onsite_tech_add_absence (tech, sqlite3_column_int64 (stmt, 1),
                                 sqlite3_column_int64 (stmt, 2),
                                 sqlite3_column_int64 (stmt, 3), reason);
    }

  if (!step_rows_done (self, stmt, rc, _("read the absences"), error))
    return NULL;

  g_ptr_array_sort (techs, compare_techs);

  return g_steal_pointer (&techs);
}

/**
 * onsite_store_list_techs:
 * @include_inactive: also those who left or are switched off
 *
 * The roster, by name: skills, weekly hours, and the absences that are not
 * over yet.
 *
 * Returns: (transfer full) (element-type OnsiteTech): the technicians
 */
GPtrArray *
onsite_store_list_techs (OnsiteStore  *self,
                         gboolean      include_inactive,
                         GError      **error)
{
  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  return load_techs (self, 0, include_inactive, now_seconds (), G_MAXINT64, error);
}

/**
 * onsite_store_get_tech:
 *
 * Returns: (transfer full): the technician with the absences not over yet,
 *   or %NULL with %ONSITE_STORE_ERROR_NOT_FOUND
 */
OnsiteTech *
onsite_store_get_tech (OnsiteStore  *self,
                       gint64        technician_id,
                       GError      **error)
{
  g_autoptr(GPtrArray) techs = NULL;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (technician_id <= 0 ||
      !(techs = load_techs (self, technician_id, TRUE, now_seconds (), G_MAXINT64, error)))
    {
      if (technician_id <= 0)
        g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                     _("Technician %" G_GINT64_FORMAT " does not exist."), technician_id);
      return NULL;
    }

  if (techs->len == 0)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                   _("Technician %" G_GINT64_FORMAT " does not exist."), technician_id);
      return NULL;
    }

  return g_object_ref (g_ptr_array_index (techs, 0));
}

/* A line in the history that belongs to no ticket. */
static gboolean
add_roster_event (OnsiteStore  *self,
                  const char   *actor,
                  const char   *summary,
                  GError      **error)
{
  return onsite_store_add_event (self, 0, now_seconds (), actor, "technician", summary, error);
}

/**
 * onsite_store_add_tech:
 * @technician: name, contact, home base, skills and weekly hours
 * @actor: (nullable): who did it, for the history
 *
 * Adds a technician to the roster.
 *
 * Returns: the new id, or 0 with @error set (nothing written)
 */
gint64
onsite_store_add_tech (OnsiteStore             *self,
                       const OnsiteTechnician  *technician,
                       const char              *actor,
                       GError                 **error)
{
  g_autofree char *summary = NULL;
  gint64 id;

  g_return_val_if_fail (ONSITE_IS_STORE (self), 0);
  g_return_val_if_fail (technician != NULL, 0);

  if (!onsite_store_begin (self, error))
    return 0;

  if (!(id = onsite_store_insert_technician (self, technician, error)))
    goto failure;

  /* Translators: history line, %s is a person's name */
  summary = g_strdup_printf (_("Technician %s added"), technician->name);
  if (!add_roster_event (self, actor, summary, error) ||
      !onsite_store_commit (self, error))
    goto failure;

  return id;

failure:
  onsite_store_rollback (self);
  return 0;
}

/**
 * onsite_store_update_tech:
 * @technician: the technician as they are now; skills and hours replace
 *   the old ones
 *
 * Edits a technician. Visits stay as they are.
 *
 * Returns: %TRUE on success
 */
gboolean
onsite_store_update_tech (OnsiteStore             *self,
                          gint64                   technician_id,
                          const OnsiteTechnician  *technician,
                          const char              *actor,
                          GError                 **error)
{
  static const char sql[] =
    "UPDATE technicians SET remote_id = ?2, name = ?3, email = ?4, phone = ?5,"
    "  home_address = ?6, home_latitude = ?7, home_longitude = ?8 WHERE id = ?1";
  static const char clear_skills_sql[] =
    "DELETE FROM technician_skills WHERE technician_id = ?1";
  static const char clear_hours_sql[] =
    "DELETE FROM technician_hours WHERE technician_id = ?1";
  static const char skill_sql[] =
    "INSERT OR IGNORE INTO technician_skills (technician_id, skill) VALUES (?1, ?2)";
  static const char hours_sql[] =
    "INSERT INTO technician_hours (technician_id, weekday, start_minute, end_minute)"
    " VALUES (?1, ?2, ?3, ?4)";
  g_autofree char *summary = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (technician != NULL, FALSE);

  if (technician->name == NULL || *technician->name == '\0')
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("A technician needs a name."));
      return FALSE;
    }

  if (technician->has_home &&
      !onsite_coordinates_valid (technician->home_latitude, technician->home_longitude, error))
    return FALSE;

  for (gsize i = 0; i < technician->n_hours; i++)
    {
      const OnsiteWorkPeriod *p = &technician->hours[i];

      if (p->weekday < 1 || p->weekday > 7 ||
          p->end_minute > 24 * 60 || p->end_minute <= p->start_minute)
        {
          g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                       _("Working hours of %s are impossible: a period must end after it starts, within one day."),
                       technician->name);
          return FALSE;
        }
    }

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;

  sqlite3_bind_int64 (stmt, 1, technician_id);
  if (technician->remote_id)
    _onsite_bind_text (stmt, 2, technician->remote_id);
  _onsite_bind_text (stmt, 3, technician->name);
  _onsite_bind_text (stmt, 4, technician->email);
  _onsite_bind_text (stmt, 5, technician->phone);
  _onsite_bind_text (stmt, 6, technician->home_address);
  if (technician->has_home)
    {
      sqlite3_bind_double (stmt, 7, technician->home_latitude);
      sqlite3_bind_double (stmt, 8, technician->home_longitude);
    }

  if (!_onsite_store_step_done (self, stmt, _("save the technician"), error))
    goto failure;

  if (sqlite3_changes (_onsite_store_get_db (self)) == 0)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                   _("Technician %" G_GINT64_FORMAT " does not exist."), technician_id);
      goto failure;
    }

  if (!(stmt = _onsite_store_prepare (self, clear_skills_sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, technician_id);
  if (!_onsite_store_step_done (self, stmt, _("save the technician’s skills"), error))
    goto failure;

  for (guint i = 0; technician->skills && technician->skills[i]; i++)
    {
      if (*technician->skills[i] == '\0')
        continue;
      if (!(stmt = _onsite_store_prepare (self, skill_sql, error)))
        goto failure;
      sqlite3_bind_int64 (stmt, 1, technician_id);
      _onsite_bind_text (stmt, 2, technician->skills[i]);
      if (!_onsite_store_step_done (self, stmt, _("save the technician’s skills"), error))
        goto failure;
    }

  if (!(stmt = _onsite_store_prepare (self, clear_hours_sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, technician_id);
  if (!_onsite_store_step_done (self, stmt, _("save the working hours"), error))
    goto failure;

  for (gsize i = 0; i < technician->n_hours; i++)
    {
      if (!(stmt = _onsite_store_prepare (self, hours_sql, error)))
        goto failure;
      sqlite3_bind_int64 (stmt, 1, technician_id);
      sqlite3_bind_int (stmt, 2, technician->hours[i].weekday);
      sqlite3_bind_int (stmt, 3, technician->hours[i].start_minute);
      sqlite3_bind_int (stmt, 4, technician->hours[i].end_minute);
      if (!_onsite_store_step_done (self, stmt, _("save the working hours"), error))
        goto failure;
    }

  /* Translators: history line, %s is a person's name */
  summary = g_strdup_printf (_("Technician %s edited"), technician->name);
  if (!add_roster_event (self, actor, summary, error))
    goto failure;

  return onsite_store_commit (self, error);

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/**
 * onsite_store_set_tech_active:
 * @active: %FALSE to keep the technician out of the roster and the ranking
 *
 * Returns: %TRUE on success
 */
gboolean
onsite_store_set_tech_active (OnsiteStore  *self,
                              gint64        technician_id,
                              gboolean      active,
                              const char   *actor,
                              GError      **error)
{
  static const char sql[] =
    "UPDATE technicians SET active = ?2 WHERE id = ?1 AND active <> ?2";
  g_autoptr(OnsiteTech) tech = NULL;
  g_autofree char *summary = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(tech = onsite_store_get_tech (self, technician_id, error)))
    return FALSE;

  if (!onsite_tech_get_active (tech) == !active)
    return TRUE;

  summary = g_strdup_printf (active ? _("Technician %s is active again") : _("Technician %s set inactive"),
                             onsite_tech_get_name (tech));

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, technician_id);
  sqlite3_bind_int (stmt, 2, active ? 1 : 0);
  if (!_onsite_store_step_done (self, stmt, _("save the technician"), error) ||
      !add_roster_event (self, actor, summary, error))
    goto failure;

  return onsite_store_commit (self, error);

failure:
  onsite_store_rollback (self);
  return FALSE;
}

static char *
format_local (gint64      time,
              const char *format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time);

  return dt ? g_date_time_format (dt, format) : g_strdup ("?");
}

/*
 * "10:00–11:00" when the window is today (local time), "10:00–11:00 on
 * Tue 24 Nov" otherwise.
 */
static char *
format_window (gint64 start,
               gint64 end)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) first = g_date_time_new_from_unix_local (start);
  g_autofree char *a = format_local (start, "%H:%M");
  g_autofree char *b = format_local (end, "%H:%M");
  g_autofree char *day = NULL;

  if (first && g_date_time_get_year (first) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (first) == g_date_time_get_day_of_year (now))
    return g_strdup_printf ("%s–%s", a, b);

  day = format_local (start, "%a %e %b");
  /* Translators: a visit window on another day: "10:00–11:00 on Tue 24 Nov" */
  return g_strdup_printf (_("%s–%s on %s"), a, b, g_strstrip (day));
}

/**
 * onsite_store_add_absence:
 * @reason: (nullable): why ("Training", "Dentist")
 *
 * Records a time the technician is away.
 *
 * Returns: the absence's id, or 0 with @error set
 */
gint64
onsite_store_add_absence (OnsiteStore  *self,
                          gint64        technician_id,
                          gint64        starts_at,
                          gint64        ends_at,
                          const char   *reason,
                          const char   *actor,
                          GError      **error)
{
  static const char sql[] =
    "INSERT INTO technician_absences (technician_id, starts_at, ends_at, reason)"
    " VALUES (?1, ?2, ?3, ?4)";
  g_autoptr(OnsiteTech) tech = NULL;
  g_autofree char *window = NULL;
  g_autofree char *summary = NULL;
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (ONSITE_IS_STORE (self), 0);

  if (ends_at <= starts_at)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("An absence must end after it starts."));
      return 0;
    }

  if (!(tech = onsite_store_get_tech (self, technician_id, error)))
    return 0;

  window = format_window (starts_at, ends_at);
  if (reason && *reason)
    summary = g_strdup_printf (_("%s away %s: %s"), onsite_tech_get_name (tech), window, reason);
  else
    summary = g_strdup_printf (_("%s away %s"), onsite_tech_get_name (tech), window);

  if (!onsite_store_begin (self, error))
    return 0;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, technician_id);
  sqlite3_bind_int64 (stmt, 2, starts_at);
  sqlite3_bind_int64 (stmt, 3, ends_at);
  _onsite_bind_text (stmt, 4, reason);
  if (!_onsite_store_step_done (self, stmt, _("save the absence"), error))
    goto failure;

  id = sqlite3_last_insert_rowid (_onsite_store_get_db (self));

  if (!add_roster_event (self, actor, summary, error) ||
      !onsite_store_commit (self, error))
    goto failure;

  return id;

failure:
  onsite_store_rollback (self);
  return 0;
}

gboolean
onsite_store_remove_absence (OnsiteStore  *self,
                             gint64        absence_id,
                             const char   *actor,
                             GError      **error)
{
  static const char read_sql[] =
    "SELECT t.name, a.starts_at, a.ends_at FROM technician_absences a"
    " JOIN technicians t ON t.id = a.technician_id WHERE a.id = ?1";
  static const char sql[] = "DELETE FROM technician_absences WHERE id = ?1";
  g_autofree char *name = NULL;
  g_autofree char *window = NULL;
  g_autofree char *summary = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(stmt = _onsite_store_prepare (self, read_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, absence_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      name = _onsite_column_dup (stmt, 0);
      window = format_window (sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2));
    }
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                   _("The absence does not exist."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _onsite_store_set_error (self, rc, _("read the absence"), error);
      return FALSE;
    }

  summary = g_strdup_printf (_("Absence of %s %s removed"), name, window);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, absence_id);
  if (!_onsite_store_step_done (self, stmt, _("remove the absence"), error) ||
      !add_roster_event (self, actor, summary, error))
    goto failure;

  return onsite_store_commit (self, error);

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/* Visits ------------------------------------------------------------------ */

#define VISIT_COLUMNS \
  "v.id, v.ticket_id, coalesce (v.technician_id, 0), coalesce (v.planned_start, 0)," \
  " coalesce (v.planned_end, 0), v.state, v.pinned, v.created_at, v.updated_at," \
  " t.remote_id, t.title, t.description, t.category, t.requester, t.requester_contact," \
  " coalesce (t.sla_due, 0), t.priority, t.status," \
  " s.name, s.address, s.building, s.floor, s.room, s.latitude, s.longitude" \
  " FROM visits v JOIN tickets t ON t.id = v.ticket_id" \
  " LEFT JOIN sites s ON s.id = t.site_id"

static OnsiteVisit *
visit_from_row (sqlite3_stmt *stmt)
{
  OnsiteVisit *visit = onsite_visit_new (sqlite3_column_int64 (stmt, 0),
                                         sqlite3_column_int64 (stmt, 1),
                                         sqlite3_column_int64 (stmt, 2),
                                         sqlite3_column_int64 (stmt, 3),
                                         sqlite3_column_int64 (stmt, 4));

  if (!onsite_visit_state_from_string ((const char *)sqlite3_column_text (stmt, 5), &visit->state))
    visit->state = ONSITE_VISIT_PLANNED;
  visit->pinned = sqlite3_column_int (stmt, 6) != 0;
  visit->created = sqlite3_column_int64 (stmt, 7);
  visit->updated = sqlite3_column_int64 (stmt, 8);
  visit->ticket_remote_id = column_dup_or_null (stmt, 9);
  visit->title = _onsite_column_dup (stmt, 10);
  visit->description = _onsite_column_dup (stmt, 11);
  visit->category = _onsite_column_dup (stmt, 12);
  visit->requester = _onsite_column_dup (stmt, 13);
  visit->requester_contact = _onsite_column_dup (stmt, 14);
  visit->sla_due = sqlite3_column_int64 (stmt, 15);
  visit->priority = sqlite3_column_int (stmt, 16);
  if (!onsite_ticket_status_from_string ((const char *)sqlite3_column_text (stmt, 17), &visit->ticket_status))
    visit->ticket_status = ONSITE_TICKET_STATUS_OPEN;
  visit->site_name = _onsite_column_dup (stmt, 18);
  visit->address = _onsite_column_dup (stmt, 19);
  visit->building = _onsite_column_dup (stmt, 20);
  visit->floor = _onsite_column_dup (stmt, 21);
  visit->room = _onsite_column_dup (stmt, 22);
  visit->has_location = sqlite3_column_type (stmt, 23) != SQLITE_NULL;
  if (visit->has_location)
    {
      visit->latitude = sqlite3_column_double (stmt, 23);
      visit->longitude = sqlite3_column_double (stmt, 24);
    }

  return visit;
}

/**
 * onsite_store_list_visits:
 * @from: start of the span, unix seconds
 * @to: end of the span
 *
 * Returns: (transfer full) (element-type OnsiteVisit): the visits planned
 *   to overlap [@from, @to), cancelled ones included, by start then id
 */
GPtrArray *
onsite_store_list_visits (OnsiteStore  *self,
                          gint64        from,
                          gint64        to,
                          GError      **error)
{
  static const char sql[] =
    "SELECT " VISIT_COLUMNS
    " WHERE v.planned_end > ?1 AND v.planned_start < ?2"
    " ORDER BY v.planned_start, v.id";
  g_autoptr(GPtrArray) visits = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (visits, visit_from_row (stmt));

  if (!step_rows_done (self, stmt, rc, _("read the visits"), error))
    return NULL;

  return g_steal_pointer (&visits);
}

/**
 * onsite_store_get_visit:
 *
 * Returns: (transfer full): the visit, or %NULL with
 *   %ONSITE_STORE_ERROR_NOT_FOUND
 */
OnsiteVisit *
onsite_store_get_visit (OnsiteStore  *self,
                        gint64        visit_id,
                        GError      **error)
{
  static const char sql[] = "SELECT " VISIT_COLUMNS " WHERE v.id = ?1";
  OnsiteVisit *visit = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, visit_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    visit = visit_from_row (stmt);
  else if (rc == SQLITE_DONE)
    g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                 _("Visit %" G_GINT64_FORMAT " does not exist."), visit_id);
  else
    _onsite_store_set_error (self, rc, _("read the visit"), error);
  sqlite3_reset (stmt);

  return visit;
}

/**
 * onsite_store_find_ticket_visit:
 *
 * Returns: (transfer full) (nullable): the ticket's visit that is still to
 *   happen or happening (planned, en route, on site), or %NULL; @error is
 *   set only on failure
 */
OnsiteVisit *
onsite_store_find_ticket_visit (OnsiteStore  *self,
                                gint64        ticket_id,
                                GError      **error)
{
  static const char sql[] =
    "SELECT " VISIT_COLUMNS
    " WHERE v.ticket_id = ?1 AND v.state IN ('planned', 'en-route', 'on-site')"
    " ORDER BY v.id DESC LIMIT 1";
  OnsiteVisit *visit = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    visit = visit_from_row (stmt);
  else if (rc != SQLITE_DONE)
    _onsite_store_set_error (self, rc, _("read the visit"), error);
  sqlite3_reset (stmt);

  return visit;
}

/**
 * onsite_store_list_visited_tickets:
 *
 * The tickets that have a visit still to happen or happening (planned, en
 * route, on site), in one reading: what onsite_store_find_ticket_visit()
 * would find for each, for lists of many tickets.
 *
 * Returns: (transfer full) (nullable): a set of ticket ids (#gint64
 *   pointers, see g_int64_hash()), or %NULL on failure
 */
GHashTable *
onsite_store_list_visited_tickets (OnsiteStore  *self,
                                   GError      **error)
{
  static const char sql[] =
    "SELECT DISTINCT ticket_id FROM visits"
    " WHERE state IN ('planned', 'en-route', 'on-site')";
  g_autoptr(GHashTable) ids = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_hash_table_add (ids, g_memdup2 (&id, sizeof id));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the visits"), error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/**
 * onsite_store_load_day:
 * @date: any time on the day; its time zone says where the day is
 *
 * Everything the timeline and the ranking need for one day: the active
 * technicians with the absences of that day, and the visits of that day.
 *
 * Returns: (transfer full): the day, or %NULL with @error set
 */
OnsiteDay *
onsite_store_load_day (OnsiteStore  *self,
                       GDateTime    *date,
                       GError      **error)
{
  g_autoptr(OnsiteDay) day = NULL;
  g_autoptr(GPtrArray) techs = NULL;
  g_autoptr(GPtrArray) visits = NULL;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);
  g_return_val_if_fail (date != NULL, NULL);

  day = onsite_day_new (date);

  if (!(techs = load_techs (self, 0, FALSE, onsite_day_get_start (day),
                            onsite_day_get_end (day), error)) ||
      !(visits = onsite_store_list_visits (self, onsite_day_get_start (day),
                                           onsite_day_get_end (day), error)))
    return NULL;

  for (guint i = 0; i < techs->len; i++)
    onsite_day_add_tech (day, g_ptr_array_index (techs, i));
  for (guint i = 0; i < visits->len; i++)
    onsite_day_add_visit (day, g_ptr_array_index (visits, i));

  return g_steal_pointer (&day);
}

/* Changes ----------------------------------------------------------------- */

/* What the ticket service last heard from us or told us. */
typedef struct
{
  char   *owner;
  gint64  visit_start;
  gint64  visit_end;
} RemoteState;

static void
remote_state_clear (RemoteState *state)
{
  g_clear_pointer (&state->owner, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RemoteState, remote_state_clear)

static gboolean
read_remote_state (OnsiteStore  *self,
                   gint64        ticket_id,
                   RemoteState  *state,
                   GError      **error)
{
  static const char sql[] =
    "SELECT coalesce (owner, ''), coalesce (visit_start, 0), coalesce (visit_end, 0)"
    " FROM remote_tickets WHERE ticket_id = ?1";
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      state->owner = _onsite_column_dup (stmt, 0);
      state->visit_start = sqlite3_column_int64 (stmt, 1);
      state->visit_end = sqlite3_column_int64 (stmt, 2);
    }
  else
    state->owner = g_strdup ("");
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the ticket"), error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_remote_state (OnsiteStore        *self,
                    gint64              ticket_id,
                    const RemoteState  *state,
                    GError            **error)
{
  static const char sql[] =
    "INSERT INTO remote_tickets (ticket_id, owner, visit_start, visit_end)"
    " VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (ticket_id) DO UPDATE SET owner = excluded.owner,"
    "  visit_start = excluded.visit_start, visit_end = excluded.visit_end";
  sqlite3_stmt *stmt;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  _onsite_bind_text (stmt, 2, state->owner);
  if (state->visit_start > 0)
    sqlite3_bind_int64 (stmt, 3, state->visit_start);
  if (state->visit_end > 0)
    sqlite3_bind_int64 (stmt, 4, state->visit_end);

  return _onsite_store_step_done (self, stmt, _("save the ticket"), error);
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

/* As the ticket service's custom fields take them: UTC, no zone. */
static char *
format_service_time (gint64 t)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t <= 0 || !(dt = g_date_time_new_from_unix_utc (t)))
    return g_strdup ("");

  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

static void
add_change (JsonBuilder *builder,
            const char  *key,
            const char  *value,
            const char  *previous)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, value);
  json_builder_set_member_name (builder, "previous");
  json_builder_add_string_value (builder, previous);
  json_builder_end_object (builder);
}

/*
 * The outbox payload of a visit change: only what changed, each with the
 * value the service had, so that the connector can tell someone else's
 * edit from ours.
 *
 *   { "visit": 12,
 *     "owner": { "value": "marco", "previous": "" },
 *     "fields": { "visit-start": { "value": "2026-11-23 09:00:00", "previous": "" },
 *                 "visit-end": { … } },
 *     "status": { "value": "scheduled", "previous": "open" } }
 *
 * Returns %NULL when nothing changed.
 */
static char *
build_payload (gint64              visit_id,
               const RemoteState  *before,
               const RemoteState  *after,
               OnsiteTicketStatus  status_before,
               OnsiteTicketStatus  status_after,
               gboolean            with_owner,
               gboolean           *window_only)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean owner_changed = with_owner && g_strcmp0 (before->owner, after->owner) != 0;
  gboolean start_changed = before->visit_start != after->visit_start;
  gboolean end_changed = before->visit_end != after->visit_end;
  gboolean status_changed = status_before != status_after;

  if (!owner_changed && !start_changed && !end_changed && !status_changed)
    return NULL;

  *window_only = !owner_changed && !status_changed;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "visit");
  json_builder_add_int_value (builder, visit_id);

  if (owner_changed)
    add_change (builder, "owner", after->owner, before->owner);

  if (start_changed || end_changed)
    {
      json_builder_set_member_name (builder, "fields");
      json_builder_begin_object (builder);
      if (start_changed)
        {
          g_autofree char *value = format_service_time (after->visit_start);
          g_autofree char *previous = format_service_time (before->visit_start);

          add_change (builder, "visit-start", value, previous);
        }
      if (end_changed)
        {
          g_autofree char *value = format_service_time (after->visit_end);
          g_autofree char *previous = format_service_time (before->visit_end);

          add_change (builder, "visit-end", value, previous);
        }
      json_builder_end_object (builder);
    }

  if (status_changed)
    add_change (builder, "status",
                onsite_ticket_status_to_string (status_after),
                onsite_ticket_status_to_string (status_before));

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/*
 * Writes the history line and the one outbox row of a visit change. The
 * caller holds the transaction.
 */
static gboolean
record_change (OnsiteStore         *self,
               gint64               ticket_id,
               gint64               visit_id,
               gint64               now,
               const char          *actor,
               const char          *summary,
               const RemoteState   *before,
               const RemoteState   *after,
               OnsiteTicketStatus   status_before,
               OnsiteTicketStatus   status_after,
               GError             **error)
{
  g_autofree char *payload = NULL;
  gboolean window_only = FALSE;

  if (!onsite_store_add_event (self, ticket_id, now, actor, "visit", summary, error))
    return FALSE;

  if (!(payload = build_payload (visit_id, before, after, status_before, status_after,
                                 TRUE, &window_only)))
    return TRUE;

  if (!write_remote_state (self, ticket_id, after, error))
    return FALSE;

  /* A moved visit is a plain field change, which every connector knows. */
  return _onsite_store_enqueue_change (self, ticket_id,
                                       window_only ? "fields" : "assignment",
                                       payload, error);
}

static gboolean
check_window (gint64   start,
              gint64   end,
              GError **error)
{
  if (start <= 0 || end <= start)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("A visit must end after it starts."));
      return FALSE;
    }

  if (end - start > 24 * 60 * 60)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("A visit cannot last more than a day; plan several visits instead."));
      return FALSE;
    }

  return TRUE;
}

/**
 * onsite_store_assign_ticket:
 * @ticket_id: the ticket
 * @technician_id: who goes
 * @start: planned arrival, unix seconds
 * @end: planned end, after @start, at most a day later
 * @actor: (nullable): who did it, for the history
 *
 * Plans a visit: assigns the ticket's visit that is still to happen to the
 * technician and window (reassigning it), or creates one. A new, open or
 * waiting ticket becomes scheduled. One transaction writes the visit, the
 * status, a history line ("Assigned to Marco Rossi for 10:00–11:00") and
 * one outbox row of kind "assignment" (owner, window, status).
 *
 * Returns: the visit's id, or 0 with @error set (nothing written)
 */
gint64
onsite_store_assign_ticket (OnsiteStore  *self,
                            gint64        ticket_id,
                            gint64        technician_id,
                            gint64        start,
                            gint64        end,
                            const char   *actor,
                            GError      **error)
{
  static const char insert_sql[] =
    "INSERT INTO visits (ticket_id, technician_id, planned_start, planned_end, state,"
    "  created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'planned', ?5, ?5)";
  static const char update_sql[] =
    "UPDATE visits SET technician_id = ?2, planned_start = ?3, planned_end = ?4,"
    "  state = CASE WHEN technician_id IS ?2 THEN state ELSE 'planned' END,"
    "  updated_at = ?5 WHERE id = ?1";
  g_autoptr(OnsiteTicket) ticket = NULL;
  g_autoptr(OnsiteTech) tech = NULL;
  g_autoptr(OnsiteTech) previous_tech = NULL;
  g_autoptr(OnsiteVisit) visit = NULL;
  g_auto(RemoteState) before = { 0 };
  g_auto(RemoteState) after = { 0 };
  g_autofree char *window = NULL;
  g_autofree char *summary = NULL;
  OnsiteTicketStatus status, new_status;
  sqlite3_stmt *stmt;
  gint64 now = now_seconds ();
  gint64 visit_id;

  g_return_val_if_fail (ONSITE_IS_STORE (self), 0);

  if (!check_window (start, end, error))
    return 0;

  if (!(ticket = onsite_store_get_ticket (self, ticket_id, error)) ||
      !(tech = onsite_store_get_tech (self, technician_id, error)))
    return 0;

  status = onsite_ticket_get_status (ticket);
  if (!onsite_ticket_status_is_open (status))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("“%s” is %s; reopen it before planning a visit."),
                   onsite_ticket_get_title (ticket),
                   onsite_ticket_status_to_label (status));
      return 0;
    }

  if (!onsite_tech_get_active (tech))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("%s is not active and cannot be assigned visits."),
                   onsite_tech_get_name (tech));
      return 0;
    }

  if (!(visit = onsite_store_find_ticket_visit (self, ticket_id, error)) && error && *error)
    return 0;

  if (visit && visit->state == ONSITE_VISIT_ON_SITE && visit->technician_id != technician_id)
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("The technician is already on site for “%s”; finish that visit first."),
                   onsite_ticket_get_title (ticket));
      return 0;
    }

  if (visit && visit->technician_id > 0 && visit->technician_id != technician_id)
    previous_tech = onsite_store_get_tech (self, visit->technician_id, NULL);

  if (visit && visit->technician_id == technician_id &&
      visit->start == start && visit->end == end)
    return visit->id;

  if (!read_remote_state (self, ticket_id, &before, error))
    return 0;

  after.owner = g_strdup (onsite_tech_get_owner_name (tech));
  after.visit_start = start;
  after.visit_end = end;

  new_status = status;
  if (status == ONSITE_TICKET_STATUS_NEW || status == ONSITE_TICKET_STATUS_OPEN ||
      status == ONSITE_TICKET_STATUS_WAITING)
    new_status = ONSITE_TICKET_STATUS_SCHEDULED;

  window = format_window (start, end);
  if (previous_tech)
    /* Translators: history line: "Reassigned from Giulia Ferrari to Marco Rossi for 10:00–11:00" */
    summary = g_strdup_printf (_("Reassigned from %s to %s for %s"),
                               onsite_tech_get_name (previous_tech), onsite_tech_get_name (tech), window);
  else if (visit && visit->technician_id == technician_id)
    /* Translators: history line: "Visit with Marco Rossi moved to 10:00–11:00" */
    summary = g_strdup_printf (_("Visit with %s moved to %s"), onsite_tech_get_name (tech), window);
  else
    /* Translators: history line: "Assigned to Marco Rossi for 10:00–11:00" */
    summary = g_strdup_printf (_("Assigned to %s for %s"), onsite_tech_get_name (tech), window);

  if (!onsite_store_begin (self, error))
    return 0;

  if (visit)
    {
      if (!(stmt = _onsite_store_prepare (self, update_sql, error)))
        goto failure;
      sqlite3_bind_int64 (stmt, 1, visit->id);
    }
  else if (!(stmt = _onsite_store_prepare (self, insert_sql, error)))
    goto failure;
  else
    sqlite3_bind_int64 (stmt, 1, ticket_id);

  sqlite3_bind_int64 (stmt, 2, technician_id);
  sqlite3_bind_int64 (stmt, 3, start);
  sqlite3_bind_int64 (stmt, 4, end);
  sqlite3_bind_int64 (stmt, 5, now);

  if (!_onsite_store_step_done (self, stmt, _("plan the visit"), error))
    goto failure;

  visit_id = visit ? visit->id : sqlite3_last_insert_rowid (_onsite_store_get_db (self));

  if (!write_status (self, ticket_id, new_status, now, error) ||
      !record_change (self, ticket_id, visit_id, now, actor, summary,
                      &before, &after, status, new_status, error) ||
      !onsite_store_commit (self, error))
    goto failure;

  return visit_id;

failure:
  onsite_store_rollback (self);
  return 0;
}

static OnsiteVisit *
get_changeable_visit (OnsiteStore  *self,
                      gint64        visit_id,
                      GError      **error)
{
  g_autoptr(OnsiteVisit) visit = onsite_store_get_visit (self, visit_id, error);

  if (visit == NULL)
    return NULL;

  if (!onsite_visit_state_is_active (visit->state))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("The visit for “%s” is %s and can no longer change."),
                   onsite_visit_get_title (visit),
                   onsite_visit_state_to_label (visit->state));
      return NULL;
    }

  return g_steal_pointer (&visit);
}

/**
 * onsite_store_move_visit:
 * @start: new planned arrival
 * @end: new planned end
 *
 * Moves or resizes a visit (the timeline's drag). Queues the new window as
 * a "fields" change.
 *
 * Returns: %TRUE on success
 */
gboolean
onsite_store_move_visit (OnsiteStore  *self,
                         gint64        visit_id,
                         gint64        start,
                         gint64        end,
                         const char   *actor,
                         GError      **error)
{
  static const char sql[] =
    "UPDATE visits SET planned_start = ?2, planned_end = ?3, updated_at = ?4 WHERE id = ?1";
  g_autoptr(OnsiteVisit) visit = NULL;
  g_autoptr(OnsiteTech) tech = NULL;
  g_auto(RemoteState) before = { 0 };
  g_auto(RemoteState) after = { 0 };
  g_autofree char *old_window = NULL;
  g_autofree char *window = NULL;
  g_autofree char *summary = NULL;
  sqlite3_stmt *stmt;
  gint64 now = now_seconds ();

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!check_window (start, end, error) ||
      !(visit = get_changeable_visit (self, visit_id, error)))
    return FALSE;

  if (visit->start == start && visit->end == end)
    return TRUE;

  if (visit->technician_id > 0)
    tech = onsite_store_get_tech (self, visit->technician_id, NULL);

  if (!read_remote_state (self, visit->ticket_id, &before, error))
    return FALSE;

  after.owner = g_strdup (before.owner);
  after.visit_start = start;
  after.visit_end = end;

  old_window = format_window (visit->start, visit->end);
  window = format_window (start, end);
  if (tech)
    /* Translators: history line: "Visit with Marco Rossi moved from 10:00–11:00 to 11:00–12:30" */
    summary = g_strdup_printf (_("Visit with %s moved from %s to %s"),
                               onsite_tech_get_name (tech), old_window, window);
  else
    summary = g_strdup_printf (_("Visit moved from %s to %s"), old_window, window);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  sqlite3_bind_int64 (stmt, 4, now);

  if (!_onsite_store_step_done (self, stmt, _("move the visit"), error) ||
      !record_change (self, visit->ticket_id, visit_id, now, actor, summary,
                      &before, &after, visit->ticket_status, visit->ticket_status, error) ||
      !onsite_store_commit (self, error))
    goto failure;

  return TRUE;

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/* A scheduled ticket whose visit goes away is waiting for a plan again. */
static OnsiteTicketStatus
status_without_visit (OnsiteTicketStatus status)
{
  return status == ONSITE_TICKET_STATUS_SCHEDULED ? ONSITE_TICKET_STATUS_OPEN : status;
}

/**
 * onsite_store_unassign_visit:
 *
 * Takes the technician off a visit; the visit keeps its window and waits
 * for someone else. The ticket is open again and owned by nobody.
 *
 * Returns: %TRUE on success
 */
gboolean
onsite_store_unassign_visit (OnsiteStore  *self,
                             gint64        visit_id,
                             const char   *actor,
                             GError      **error)
{
  static const char sql[] =
    "UPDATE visits SET technician_id = NULL, state = 'planned', updated_at = ?2 WHERE id = ?1";
  g_autoptr(OnsiteVisit) visit = NULL;
  g_autoptr(OnsiteTech) tech = NULL;
  g_auto(RemoteState) before = { 0 };
  g_auto(RemoteState) after = { 0 };
  g_autofree char *window = NULL;
  g_autofree char *summary = NULL;
  OnsiteTicketStatus new_status;
  sqlite3_stmt *stmt;
  gint64 now = now_seconds ();

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(visit = get_changeable_visit (self, visit_id, error)))
    return FALSE;

  if (visit->technician_id <= 0)
    return TRUE;

  tech = onsite_store_get_tech (self, visit->technician_id, NULL);

  if (!read_remote_state (self, visit->ticket_id, &before, error))
    return FALSE;

  after.owner = g_strdup ("");
  after.visit_start = before.visit_start;
  after.visit_end = before.visit_end;
  new_status = status_without_visit (visit->ticket_status);

  window = format_window (visit->start, visit->end);
  /* Translators: history line: "Unassigned from Marco Rossi (the visit 10:00–11:00 waits for someone else)" */
  summary = g_strdup_printf (_("Unassigned from %s (the visit %s waits for someone else)"),
                             tech ? onsite_tech_get_name (tech) : "?", window);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_int64 (stmt, 2, now);

  if (!_onsite_store_step_done (self, stmt, _("unassign the visit"), error) ||
      !write_status (self, visit->ticket_id, new_status, now, error) ||
      !record_change (self, visit->ticket_id, visit_id, now, actor, summary,
                      &before, &after, visit->ticket_status, new_status, error) ||
      !onsite_store_commit (self, error))
    goto failure;

  return TRUE;

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/**
 * onsite_store_cancel_visit:
 * @reason: (nullable): why, for the history
 *
 * Calls a visit off. The ticket is open again, owned by nobody, with no
 * visit window.
 *
 * Returns: %TRUE on success
 */
gboolean
onsite_store_cancel_visit (OnsiteStore  *self,
                           gint64        visit_id,
                           const char   *reason,
                           const char   *actor,
                           GError      **error)
{
  static const char sql[] =
    "UPDATE visits SET state = 'cancelled', updated_at = ?2 WHERE id = ?1";
  g_autoptr(OnsiteVisit) visit = NULL;
  g_autoptr(OnsiteTech) tech = NULL;
  g_auto(RemoteState) before = { 0 };
  g_auto(RemoteState) after = { 0 };
  g_autofree char *window = NULL;
  g_autofree char *summary = NULL;
  OnsiteTicketStatus new_status;
  sqlite3_stmt *stmt;
  gint64 now = now_seconds ();

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(visit = get_changeable_visit (self, visit_id, error)))
    return FALSE;

  if (visit->technician_id > 0)
    tech = onsite_store_get_tech (self, visit->technician_id, NULL);

  if (!read_remote_state (self, visit->ticket_id, &before, error))
    return FALSE;

  after.owner = g_strdup ("");
  new_status = visit->ticket_status == ONSITE_TICKET_STATUS_IN_PROGRESS
               ? ONSITE_TICKET_STATUS_OPEN : status_without_visit (visit->ticket_status);

  window = format_window (visit->start, visit->end);
  if (tech && reason && *reason)
    /* Translators: history line: "Visit with Marco Rossi at 10:00–11:00 cancelled: the requester is away" */
    summary = g_strdup_printf (_("Visit with %s at %s cancelled: %s"),
                               onsite_tech_get_name (tech), window, reason);
  else if (tech)
    summary = g_strdup_printf (_("Visit with %s at %s cancelled"), onsite_tech_get_name (tech), window);
  else if (reason && *reason)
    summary = g_strdup_printf (_("Visit at %s cancelled: %s"), window, reason);
  else
    summary = g_strdup_printf (_("Visit at %s cancelled"), window);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_int64 (stmt, 2, now);

  if (!_onsite_store_step_done (self, stmt, _("cancel the visit"), error) ||
      !write_status (self, visit->ticket_id, new_status, now, error) ||
      !record_change (self, visit->ticket_id, visit_id, now, actor, summary,
                      &before, &after, visit->ticket_status, new_status, error) ||
      !onsite_store_commit (self, error))
    goto failure;

  return TRUE;

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/**
 * onsite_store_set_visit_pinned:
 * @pinned: %TRUE to keep the planner from moving the visit
 *
 * Pins a visit to its technician and time. Recorded in the history only:
 * the ticket service has no such notion, so nothing goes to the outbox.
 *
 * Returns: %TRUE on success
 */
gboolean
onsite_store_set_visit_pinned (OnsiteStore  *self,
                               gint64        visit_id,
                               gboolean      pinned,
                               const char   *actor,
                               GError      **error)
{
  static const char sql[] =
    "UPDATE visits SET pinned = ?2, updated_at = ?3 WHERE id = ?1";
  g_autoptr(OnsiteVisit) visit = NULL;
  g_autofree char *window = NULL;
  g_autofree char *summary = NULL;
  sqlite3_stmt *stmt;
  gint64 now = now_seconds ();

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(visit = get_changeable_visit (self, visit_id, error)))
    return FALSE;

  if (!visit->pinned == !pinned)
    return TRUE;

  window = format_window (visit->start, visit->end);
  summary = g_strdup_printf (pinned ? _("Visit at %s pinned") : _("Visit at %s unpinned"), window);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, visit_id);
  sqlite3_bind_int (stmt, 2, pinned ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, now);

  if (!_onsite_store_step_done (self, stmt, _("pin the visit"), error) ||
      !onsite_store_add_event (self, visit->ticket_id, now, actor, "visit", summary, error) ||
      !onsite_store_commit (self, error))
    goto failure;

  return TRUE;

failure:
  onsite_store_rollback (self);
  return FALSE;
}
