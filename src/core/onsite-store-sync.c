/* onsite-store-sync.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "onsite-store-private.h"
#include "onsite-store-vendor-private.h"
#include "onsite-ticket-private.h"
#include "sync/onsite-sync-store.h"

/*
 * The store's side of the sync: local changes that queue outbox rows, the
 * upsert of tickets from the service, the outbox life cycle and the sync
 * cursor. Everything here runs on whichever thread owns the OnsiteStore;
 * the sync engine opens its own store on the same file for its worker.
 */

#define PENDING_STATES "('pending', 'sending', 'failed')"
/* Changes that keep their field from being overwritten by a pull: those on
 * their way, and those in a conflict that a person has not settled yet. */
#define HELD_STATES "('pending', 'sending', 'failed', 'conflict')"

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
ensure_remote_row (OnsiteStore  *self,
                   gint64        ticket_id,
                   GError      **error)
{
  static const char sql[] =
    "INSERT OR IGNORE INTO remote_tickets (ticket_id) VALUES (?1)";
  sqlite3_stmt *stmt;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, ticket_id);

  return _onsite_store_step_done (self, stmt, _("save the ticket"), error);
}

static gboolean
check_ticket (OnsiteStore  *self,
              gint64        ticket_id,
              GError      **error)
{
  g_autoptr(OnsiteTicket) ticket = onsite_store_get_ticket (self, ticket_id, error);

  return ticket != NULL;
}

static char *
payload_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

/**
 * onsite_store_add_comment:
 * @text: the note, plain text; kept and sent exactly as written
 *
 * Adds a note to the ticket's history and queues it for the ticket service.
 */
gboolean
onsite_store_add_comment (OnsiteStore  *self,
                          gint64        ticket_id,
                          const char   *text,
                          const char   *actor,
                          GError      **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *payload = NULL;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL) || *text == '\0')
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("A note needs some text."));
      return FALSE;
    }

  if (!check_ticket (self, ticket_id, error))
    return FALSE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "actor");
  json_builder_add_string_value (builder, actor ? actor : "");
  json_builder_end_object (builder);
  payload = payload_to_string (builder);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!onsite_store_add_event (self, ticket_id, now_seconds (), actor, "comment", text, error) ||
      !_onsite_store_enqueue_change (self, ticket_id, "comment", payload, error))
    {
      onsite_store_rollback (self);
      return FALSE;
    }

  return onsite_store_commit (self, error);
}

/**
 * onsite_store_get_ticket_owner:
 *
 * Returns: (transfer full): the service's user name of the technician who
 *   owns the ticket, "" when nobody does, or %NULL with @error set
 */
char *
onsite_store_get_ticket_owner (OnsiteStore  *self,
                               gint64        ticket_id,
                               GError      **error)
{
  static const char sql[] =
    "SELECT coalesce (r.owner, '') FROM tickets t"
    " LEFT JOIN remote_tickets r ON r.ticket_id = t.id WHERE t.id = ?1";
  sqlite3_stmt *stmt;
  char *owner = NULL;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    owner = _onsite_column_dup (stmt, 0);
  else if (rc == SQLITE_DONE)
    g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                 _("Ticket %" G_GINT64_FORMAT " does not exist."), ticket_id);
  else
    _onsite_store_set_error (self, rc, _("read the ticket"), error);
  sqlite3_reset (stmt);

  return owner;
}

/**
 * onsite_store_set_ticket_owner:
 * @owner: the technician's user name at the ticket service, or "" for nobody
 *
 * Assigns the ticket and queues the assignment for the ticket service.
 */
gboolean
onsite_store_set_ticket_owner (OnsiteStore  *self,
                               gint64        ticket_id,
                               const char   *owner,
                               const char   *actor,
                               GError      **error)
{
  static const char sql[] =
    "UPDATE remote_tickets SET owner = ?2 WHERE ticket_id = ?1";
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *summary = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (owner == NULL)
    owner = "";

  if (!(previous = onsite_store_get_ticket_owner (self, ticket_id, error)))
    return FALSE;
  if (g_strcmp0 (previous, owner) == 0)
    return TRUE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "owner");
  json_builder_add_string_value (builder, owner);
  json_builder_set_member_name (builder, "previous");
  json_builder_add_string_value (builder, previous);
  json_builder_end_object (builder);
  payload = payload_to_string (builder);

  if (*owner)
    /* Translators: history line, %s is a technician's user name */
    summary = g_strdup_printf (_("Assigned to %s"), owner);
  else
    summary = g_strdup (_("Unassigned"));

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!ensure_remote_row (self, ticket_id, error) ||
      !(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_text (stmt, 2, owner, -1, SQLITE_TRANSIENT);

  if (!_onsite_store_step_done (self, stmt, _("assign the ticket"), error) ||
      !onsite_store_add_event (self, ticket_id, now_seconds (), actor, "owner", summary, error) ||
      !_onsite_store_enqueue_change (self, ticket_id, "owner", payload, error))
    goto failure;

  return onsite_store_commit (self, error);

failure:
  onsite_store_rollback (self);
  return FALSE;
}

gboolean
onsite_store_get_visit_window (OnsiteStore  *self,
                               gint64        ticket_id,
                               gint64       *start,
                               gint64       *end,
                               GError      **error)
{
  static const char sql[] =
    "SELECT coalesce (visit_start, 0), coalesce (visit_end, 0) FROM remote_tickets"
    " WHERE ticket_id = ?1";
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  *start = *end = 0;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *start = sqlite3_column_int64 (stmt, 0);
      *end = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the ticket"), error);
      return FALSE;
    }

  return TRUE;
}

static char *
format_utc (gint64 t)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t <= 0 || !(dt = g_date_time_new_from_unix_utc (t)))
    return g_strdup ("");

  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

static void
add_field (JsonBuilder *builder,
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

/**
 * onsite_store_set_visit_window:
 * @start: planned start (unix seconds), or 0 for none
 * @end: planned end, after @start, or 0 for none
 *
 * Plans the visit window that the ticket service shows, and queues it.
 */
gboolean
onsite_store_set_visit_window (OnsiteStore  *self,
                               gint64        ticket_id,
                               gint64        start,
                               gint64        end,
                               const char   *actor,
                               GError      **error)
{
  static const char sql[] =
    "UPDATE remote_tickets SET visit_start = ?2, visit_end = ?3 WHERE ticket_id = ?1";
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *s_new = NULL, *e_new = NULL, *s_old = NULL, *e_old = NULL;
  gint64 old_start, old_end;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (start < 0 || end < 0 || (start > 0 && end > 0 && end <= start))
    {
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_INVALID,
                   _("A visit must end after it starts."));
      return FALSE;
    }

  if (!check_ticket (self, ticket_id, error) ||
      !onsite_store_get_visit_window (self, ticket_id, &old_start, &old_end, error))
    return FALSE;

  if (old_start == start && old_end == end)
    return TRUE;

  s_new = format_utc (start);
  e_new = format_utc (end);
  s_old = format_utc (old_start);
  e_old = format_utc (old_end);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  if (old_start != start)
    add_field (builder, "visit-start", s_new, s_old);
  if (old_end != end)
    add_field (builder, "visit-end", e_new, e_old);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  payload = payload_to_string (builder);

  /* Translators: history line; the times are in UTC */
  summary = g_strdup_printf (_("Visit planned %s – %s UTC"), s_new, e_new);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!ensure_remote_row (self, ticket_id, error) ||
      !(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  if (start > 0)
    sqlite3_bind_int64 (stmt, 2, start);
  if (end > 0)
    sqlite3_bind_int64 (stmt, 3, end);

  if (!_onsite_store_step_done (self, stmt, _("plan the visit"), error) ||
      !onsite_store_add_event (self, ticket_id, now_seconds (), actor, "visit", summary, error) ||
      !_onsite_store_enqueue_change (self, ticket_id, "fields", payload, error))
    goto failure;

  return onsite_store_commit (self, error);

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/**
 * onsite_store_set_vendor_reference:
 * @reference: the vendor's case number, or ""
 *
 * Records the vendor's case reference and queues it for the ticket service.
 */
gboolean
onsite_store_set_vendor_reference (OnsiteStore  *self,
                                   gint64        ticket_id,
                                   const char   *reference,
                                   const char   *actor,
                                   GError      **error)
{
  static const char read_sql[] =
    "SELECT vendor_reference FROM remote_tickets WHERE ticket_id = ?1";
  static const char sql[] =
    "UPDATE remote_tickets SET vendor_reference = ?2 WHERE ticket_id = ?1";
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *previous = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *summary = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (reference == NULL)
    reference = "";

  if (!check_ticket (self, ticket_id, error) ||
      !(stmt = _onsite_store_prepare (self, read_sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  previous = sqlite3_step (stmt) == SQLITE_ROW ? _onsite_column_dup (stmt, 0) : g_strdup ("");
  sqlite3_reset (stmt);

  if (g_strcmp0 (previous, reference) == 0)
    return TRUE;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  add_field (builder, "vendor-reference", reference, previous);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  payload = payload_to_string (builder);

  /* Translators: history line, %s is the vendor's case number */
  summary = g_strdup_printf (_("Vendor case reference set to %s"), reference);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!ensure_remote_row (self, ticket_id, error) ||
      !(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_text (stmt, 2, reference, -1, SQLITE_TRANSIENT);

  if (!_onsite_store_step_done (self, stmt, _("save the vendor reference"), error) ||
      !onsite_store_add_event (self, ticket_id, now_seconds (), actor, "vendor", summary, error) ||
      !_onsite_store_enqueue_change (self, ticket_id, "fields", payload, error))
    goto failure;

  return onsite_store_commit (self, error);

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/**
 * onsite_store_find_remote_ticket:
 *
 * Returns: the local id of the ticket the service knows as @remote_id,
 *   0 when there is none, or -1 with @error set
 */
gint64
onsite_store_find_remote_ticket (OnsiteStore  *self,
                                 const char   *remote_id,
                                 GError      **error)
{
  static const char sql[] = "SELECT id FROM tickets WHERE remote_id = ?1";
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), -1);
  g_return_val_if_fail (remote_id != NULL, -1);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return -1;

  sqlite3_bind_text (stmt, 1, remote_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("find the ticket"), error);
      id = -1;
    }
  sqlite3_reset (stmt);

  return id;
}

void
onsite_sync_conflict_free (OnsiteSyncConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->field);
  g_free (conflict->local_value);
  g_free (conflict->remote_value);
  g_free (conflict->message);
  g_free (conflict);
}

/**
 * onsite_store_list_conflicts:
 *
 * Returns: (transfer full) (element-type OnsiteSyncConflict): the conflicts
 *   nobody has decided yet, oldest first
 */
GPtrArray *
onsite_store_list_conflicts (OnsiteStore  *self,
                             GError      **error)
{
  static const char sql[] =
    "SELECT id, coalesce (ticket_id, 0), coalesce (outbox_id, 0), field, local_value,"
    " remote_value, message, created_at FROM sync_conflicts"
    " WHERE resolved_at IS NULL ORDER BY id";
  g_autoptr(GPtrArray) conflicts = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify)onsite_sync_conflict_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OnsiteSyncConflict *c = g_new0 (OnsiteSyncConflict, 1);

      c->id = sqlite3_column_int64 (stmt, 0);
      c->ticket_id = sqlite3_column_int64 (stmt, 1);
      c->outbox_id = sqlite3_column_int64 (stmt, 2);
      c->field = _onsite_column_dup (stmt, 3);
      c->local_value = _onsite_column_dup (stmt, 4);
      c->remote_value = _onsite_column_dup (stmt, 5);
      c->message = _onsite_column_dup (stmt, 6);
      c->created_at = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (conflicts, c);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the conflicts"), error);
      return NULL;
    }

  return g_steal_pointer (&conflicts);
}

/*
 * Rewrites the base ("previous") of every field in a change to what the
 * service has now, so that sending it again overwrites exactly that value.
 */
static char *
rebase_payload (const char *kind,
                const char *field,
                const char *payload,
                const char *remote_value,
                const char *note_key)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object;
  JsonNode *fields;

  if (!json_parser_load_from_data (parser, payload, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;

  object = json_node_get_object (json_parser_get_root (parser));

  /* A change that carries a note (a comment, a hand-off or visit step)
   * sends the note first. Whether it arrived depends on where the change
   * stopped: before a field that changed at the service it did; on a
   * ticket the service did not know, or held back by a pull, it did not.
   * So the change sent again keeps the note under the key it was first
   * sent with, and the connector sends it only if the service does not
   * have it yet: never twice, never lost. */
  if (json_object_has_member (object, "text") && !json_object_has_member (object, "note_key"))
    json_object_set_string_member (object, "note_key", note_key);

  /* Stopped by an error rather than by a value at the service: there is
   * no newer base to take, and the change goes again as it was. */
  if (g_strcmp0 (field, kind) == 0)
    return json_to_string (json_parser_get_root (parser), FALSE);

  /* An assignment keeps status, owner and window apart, each with its
   * own base. */
  if (g_strcmp0 (kind, "assignment") == 0)
    {
      const char *member = g_strcmp0 (field, "Status") == 0 ? "status" :
                           g_strcmp0 (field, "Owner") == 0 ? "owner" : "fields";
      JsonNode *node = json_object_get_member (object, member);

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;

      if (g_strcmp0 (member, "status") == 0)
        json_object_set_string_member (json_node_get_object (node), "previous_remote", remote_value);
      else if (g_strcmp0 (member, "owner") == 0)
        json_object_set_string_member (json_node_get_object (node), "previous", remote_value);
      else
        {
          g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

          for (const GList *l = members; l; l = l->next)
            {
              JsonNode *f = json_object_get_member (json_node_get_object (node), l->data);

              if (JSON_NODE_HOLDS_OBJECT (f))
                json_object_set_string_member (json_node_get_object (f), "previous", remote_value);
            }
        }
    }
  else if (g_strcmp0 (kind, "status") == 0 || g_strcmp0 (field, "Status") == 0)
    /* The service's own word: Onsite's states do not map back one to one. */
    json_object_set_string_member (object, "previous_remote", remote_value);
  else if (g_strcmp0 (kind, "owner") == 0 || g_strcmp0 (field, "Owner") == 0)
    json_object_set_string_member (object, "previous", remote_value);
  else if ((fields = json_object_get_member (object, "fields")) && JSON_NODE_HOLDS_OBJECT (fields))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (fields));

      for (const GList *l = members; l; l = l->next)
        {
          JsonNode *f = json_object_get_member (json_node_get_object (fields), l->data);

          if (JSON_NODE_HOLDS_OBJECT (f))
            json_object_set_string_member (json_node_get_object (f), "previous", remote_value);
        }
    }
  else
    json_object_set_string_member (object, "previous", remote_value);

  return json_to_string (json_parser_get_root (parser), FALSE);
}

/**
 * onsite_store_resolve_conflict:
 * @keep_local: %TRUE to send Onsite's value over the service's, %FALSE to
 *   drop Onsite's change (the next sync brings the service's value)
 *
 * Settles a conflict as a person chose.
 */
gboolean
onsite_store_resolve_conflict (OnsiteStore  *self,
                               gint64        conflict_id,
                               gboolean      keep_local,
                               GError      **error)
{
  static const char read_sql[] =
    "SELECT c.outbox_id, c.remote_value, o.kind, o.payload, o.ticket_id, c.field, o.idempotency_key"
    " FROM sync_conflicts c JOIN outbox o ON o.id = c.outbox_id"
    " WHERE c.id = ?1 AND c.resolved_at IS NULL";
  static const char resolve_sql[] =
    "UPDATE sync_conflicts SET resolved_at = ?2 WHERE id = ?1";
  static const char drop_sql[] =
    "UPDATE outbox SET state = 'sent', sent_at = ?2, last_error = 'dropped in a conflict' WHERE id = ?1";
  static const char reset_status_sql[] =
    "UPDATE remote_tickets SET remote_status = '' WHERE ticket_id = ?1";
  static const char reset_version_sql[] =
    "UPDATE tickets SET remote_version = NULL WHERE id = ?1";
  sqlite3_stmt *stmt;
  gint64 outbox_id, ticket_id;
  g_autofree char *remote_value = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *rebased = NULL;
  g_autofree char *field = NULL;
  g_autofree char *note_key = NULL;
  gint64 now = now_seconds ();
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(stmt = _onsite_store_prepare (self, read_sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, conflict_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, ONSITE_STORE_ERROR, ONSITE_STORE_ERROR_NOT_FOUND,
                   _("The conflict was already settled."));
      return FALSE;
    }
  outbox_id = sqlite3_column_int64 (stmt, 0);
  remote_value = _onsite_column_dup (stmt, 1);
  kind = _onsite_column_dup (stmt, 2);
  payload = _onsite_column_dup (stmt, 3);
  ticket_id = sqlite3_column_int64 (stmt, 4);
  field = _onsite_column_dup (stmt, 5);
  note_key = _onsite_column_dup (stmt, 6);
  sqlite3_reset (stmt);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, resolve_sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!_onsite_store_step_done (self, stmt, _("settle the conflict"), error))
    goto failure;

  if (keep_local && (rebased = rebase_payload (kind, field, payload, remote_value, note_key)))
    {
      if (!_onsite_store_enqueue_change (self, ticket_id, kind, rebased, error))
        goto failure;
    }

  if (!(stmt = _onsite_store_prepare (self, drop_sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, outbox_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!_onsite_store_step_done (self, stmt, _("settle the conflict"), error))
    goto failure;

  /* Taking the service's side: make the next pull overwrite our value. */
  if (!keep_local)
    {
      if (!(stmt = _onsite_store_prepare (self, reset_status_sql, error)))
        goto failure;
      sqlite3_bind_int64 (stmt, 1, ticket_id);
      if (!_onsite_store_step_done (self, stmt, _("settle the conflict"), error))
        goto failure;
      if (!(stmt = _onsite_store_prepare (self, reset_version_sql, error)))
        goto failure;
      sqlite3_bind_int64 (stmt, 1, ticket_id);
      if (!_onsite_store_step_done (self, stmt, _("settle the conflict"), error))
        goto failure;
    }

  return onsite_store_commit (self, error);

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/* Pull ------------------------------------------------------------------- */

GHashTable *
_onsite_store_new_site_cache (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static gint64
site_for (OnsiteStore              *self,
          const OnsiteRemoteTicket *remote,
          GHashTable               *cache,
          GError                  **error)
{
  g_autofree char *key = NULL;
  g_autofree char *identity = NULL;
  static const char flag_sql[] =
    "UPDATE sites SET location_invalid = ?2 WHERE id = ?1 AND location_invalid <> ?2";
  static const char place_sql[] =
    "UPDATE sites SET latitude = coalesce (?2, latitude), longitude = coalesce (?3, longitude),"
    "  location_invalid = ?4 WHERE id = ?1";
  const char *name = remote->site_name;
  OnsiteSite site = { 0, };
  sqlite3_stmt *stmt;
  gint64 id;

  if (name == NULL || *name == '\0')
    name = remote->address;
  if ((name == NULL || *name == '\0') && (remote->has_location || remote->location_invalid))
    name = remote->title;
  if (name == NULL || *name == '\0')
    return 0;

  /* Thousands of tickets share a few hundred sites: within one sync, a
   * site seen with the same place and flag needs no second write. */
  if (cache)
    {
      gpointer cached;

      key = g_strdup_printf ("%s\x1f%s\x1f%d\x1f%.9g\x1f%.9g\x1f%d", name,
                             remote->address ? remote->address : "",
                             remote->has_location, remote->latitude, remote->longitude,
                             remote->location_invalid);
      if ((cached = g_hash_table_lookup (cache, key)))
        return *(gint64 *)cached;

      /* A site this sync already wrote, now with another place or flag:
       * what onsite_store_ensure_site() and the flag would change, in one
       * statement by its id. (Cached under its name and address, which
       * are what identify it: building, floor and room are empty here.) */
      identity = g_strconcat ("\x1e", name, "\x1f", remote->address ? remote->address : "", NULL);
      if ((cached = g_hash_table_lookup (cache, identity)))
        {
          id = *(gint64 *)cached;

          if (remote->has_location &&
              !onsite_coordinates_valid (remote->latitude, remote->longitude, error))
            return -1;

          if (!(stmt = _onsite_store_prepare (self, place_sql, error)))
            return -1;
          sqlite3_bind_int64 (stmt, 1, id);
          if (remote->has_location)
            {
              sqlite3_bind_double (stmt, 2, remote->latitude);
              sqlite3_bind_double (stmt, 3, remote->longitude);
            }
          sqlite3_bind_int (stmt, 4, remote->location_invalid ? 1 : 0);
          if (!_onsite_store_step_done (self, stmt, _("save the site"), error))
            return -1;

          /* Still there (nothing else removes sites, but if it did, the
           * ordinary way below adds it again). */
          if (sqlite3_changes (_onsite_store_get_db (self)) == 1)
            {
              g_hash_table_insert (cache, g_steal_pointer (&key), g_memdup2 (&id, sizeof id));
              return id;
            }
        }
    }

  site.name = name;
  site.address = remote->address;
  site.has_location = remote->has_location;
  site.latitude = remote->latitude;
  site.longitude = remote->longitude;

  if (!(id = onsite_store_ensure_site (self, &site, error)))
    return -1;

  if (!(stmt = _onsite_store_prepare (self, flag_sql, error)))
    return -1;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, remote->location_invalid ? 1 : 0);
  if (!_onsite_store_step_done (self, stmt, _("save the site"), error))
    return -1;

  if (cache)
    {
      g_hash_table_insert (cache, g_steal_pointer (&key), g_memdup2 (&id, sizeof id));
      g_hash_table_insert (cache, g_steal_pointer (&identity), g_memdup2 (&id, sizeof id));
    }

  return id;
}

/*
 * Brings one ticket from the service into the store; the caller holds the
 * transaction. Local changes still on their way out win over what the
 * service says about the same field; a field the service did not change
 * since the last pull keeps Onsite's finer value (Onsite's "scheduled" is
 * RT's "open"). A ticket that left the queue leaves the board.
 *
 * A ticket whose version is the one stored and that changed before
 * @unchanged_before (service time) is skipped; 0 always applies.
 *
 * @site_cache (nullable), made with onsite_store_new_site_cache(), saves
 * repeated writes of the same site; drop it when the transaction rolls back.
 */
gboolean
_onsite_store_apply_remote_ticket (OnsiteStore              *self,
                                   const char               *connector,
                                   const OnsiteRemoteTicket *remote,
                                   gint64                    now,
                                   gint64                    unchanged_before,
                                   GHashTable               *site_cache,
                                   GError                  **error)
{
  static const char find_sql[] =
    "SELECT t.id, t.status, t.remote_version, r.remote_status, r.in_scope,"
    " EXISTS (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id AND o.kind IN ('status', 'handoff', 'visit-step', 'assignment')"
    "         AND o.state IN " HELD_STATES "),"
    " EXISTS (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id AND o.kind IN ('owner', 'assignment')"
    "         AND o.state IN " HELD_STATES "),"
    " EXISTS (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id AND o.kind IN ('fields', 'handoff', 'visit-step', 'assignment')"
    "         AND o.state IN " HELD_STATES ")"
    " FROM tickets t LEFT JOIN remote_tickets r ON r.ticket_id = t.id"
    " WHERE t.remote_id = ?1";
  static const char insert_sql[] =
    "INSERT INTO tickets (remote_id, remote_version, title, description, requester,"
    "  priority, support_level, status, site_id, created_at, updated_at, sla_due)"
    " VALUES (?1, ?2, ?3, '', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
  static const char update_sql[] =
    "UPDATE tickets SET remote_version = ?2, title = ?3, requester = ?4, priority = ?5,"
    "  support_level = ?6, status = ?7, site_id = ?8, updated_at = ?9, sla_due = ?10"
    " WHERE id = ?1";
  static const char remote_sql[] =
    "INSERT INTO remote_tickets (ticket_id, connector, remote_status, owner,"
    "  vendor_reference, visit_start, visit_end, in_scope, seen_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
    " ON CONFLICT (ticket_id) DO UPDATE SET connector = excluded.connector,"
    "  remote_status = excluded.remote_status,"
    "  owner = CASE WHEN ?10 THEN owner ELSE excluded.owner END,"
    "  vendor_reference = CASE WHEN ?11 THEN vendor_reference ELSE excluded.vendor_reference END,"
    "  visit_start = CASE WHEN ?11 THEN visit_start ELSE excluded.visit_start END,"
    "  visit_end = CASE WHEN ?11 THEN visit_end ELSE excluded.visit_end END,"
    "  in_scope = excluded.in_scope, seen_at = excluded.seen_at";
  sqlite3_stmt *stmt;
  gint64 ticket_id = 0;
  gint64 site_id;
  OnsiteTicketStatus local_status = ONSITE_TICKET_STATUS_NEW;
  OnsiteTicketStatus status;
  g_autofree char *known_version = NULL;
  g_autofree char *known_remote_status = NULL;
  gboolean pending_status = FALSE, pending_owner = FALSE, pending_fields = FALSE;
  gboolean was_in_scope = TRUE;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);
  g_return_val_if_fail (remote != NULL && remote->remote_id != NULL, FALSE);

  if (!(stmt = _onsite_store_prepare (self, find_sql, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, remote->remote_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      ticket_id = sqlite3_column_int64 (stmt, 0);
      if (!onsite_ticket_status_from_string ((const char *)sqlite3_column_text (stmt, 1), &local_status))
        local_status = ONSITE_TICKET_STATUS_OPEN;
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        known_version = _onsite_column_dup (stmt, 2);
      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        known_remote_status = _onsite_column_dup (stmt, 3);
      if (sqlite3_column_type (stmt, 4) != SQLITE_NULL)
        was_in_scope = sqlite3_column_int (stmt, 4) != 0;
      pending_status = sqlite3_column_int (stmt, 5) != 0;
      pending_owner = sqlite3_column_int (stmt, 6) != 0;
      pending_fields = sqlite3_column_int (stmt, 7) != 0;
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the ticket"), error);
      return FALSE;
    }

  /* Seen before, unchanged: incremental pulls overlap on purpose. But
   * RT's LastUpdated has one-second resolution: a ticket changed in the
   * second of the last pull may have changed again after we read it, so
   * only older ones are skipped. A deletion does not bump LastUpdated at
   * all, so the status is compared too. */
  if (ticket_id > 0 && known_version && known_remote_status &&
      remote->updated < unchanged_before &&
      g_strcmp0 (known_version, remote->version) == 0 &&
      g_strcmp0 (known_remote_status, remote->remote_status) == 0 &&
      was_in_scope == remote->in_scope)
    return TRUE;

  if (!remote->in_scope)
    status = ONSITE_TICKET_STATUS_CLOSED;
  else if (pending_status)
    status = local_status;
  else if (ticket_id > 0 && known_remote_status &&
           g_ascii_strcasecmp (known_remote_status, remote->remote_status) == 0 &&
           was_in_scope)
    status = local_status;
  else
    status = remote->status;

  /* Nothing to show for a ticket we never had that is already done. */
  if (ticket_id == 0 && !onsite_ticket_status_is_open (status))
    return TRUE;

  if ((site_id = site_for (self, remote, site_cache, error)) < 0)
    return FALSE;

  if (ticket_id == 0)
    {
      if (!(stmt = _onsite_store_prepare (self, insert_sql, error)))
        return FALSE;

      sqlite3_bind_text (stmt, 1, remote->remote_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, remote->version, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, remote->title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, remote->requester ? remote->requester : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 5, CLAMP (remote->priority, ONSITE_PRIORITY_MIN, ONSITE_PRIORITY_MAX));
      sqlite3_bind_int (stmt, 6, CLAMP (remote->support_level, ONSITE_LEVEL_MIN, ONSITE_LEVEL_MAX));
      sqlite3_bind_text (stmt, 7, onsite_ticket_status_to_string (status), -1, SQLITE_STATIC);
      if (site_id > 0)
        sqlite3_bind_int64 (stmt, 8, site_id);
      sqlite3_bind_int64 (stmt, 9, remote->created > 0 ? remote->created : now);
      sqlite3_bind_int64 (stmt, 10, remote->updated > 0 ? remote->updated : now);
      if (remote->due > 0)
        sqlite3_bind_int64 (stmt, 11, remote->due);

      if (!_onsite_store_step_done (self, stmt, _("save the ticket"), error))
        return FALSE;

      ticket_id = sqlite3_last_insert_rowid (_onsite_store_get_db (self));
      _onsite_store_sync_batch_touch (self, ticket_id);
    }
  else
    {
      if (!(stmt = _onsite_store_prepare (self, update_sql, error)))
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, ticket_id);
      sqlite3_bind_text (stmt, 2, remote->version, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, remote->title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, remote->requester ? remote->requester : "", -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 5, CLAMP (remote->priority, ONSITE_PRIORITY_MIN, ONSITE_PRIORITY_MAX));
      sqlite3_bind_int (stmt, 6, CLAMP (remote->support_level, ONSITE_LEVEL_MIN, ONSITE_LEVEL_MAX));
      sqlite3_bind_text (stmt, 7, onsite_ticket_status_to_string (status), -1, SQLITE_STATIC);
      if (site_id > 0)
        sqlite3_bind_int64 (stmt, 8, site_id);
      sqlite3_bind_int64 (stmt, 9, remote->updated > 0 ? remote->updated : now);
      if (remote->due > 0)
        sqlite3_bind_int64 (stmt, 10, remote->due);

      if (!_onsite_store_step_done (self, stmt, _("save the ticket"), error))
        return FALSE;
      _onsite_store_sync_batch_touch (self, ticket_id);

      if (status != local_status)
        {
          g_autofree char *summary = NULL;

          if (!remote->in_scope)
            summary = g_strdup (_("Moved out of the queue at the ticket service"));
          else
            /* Translators: history line, e.g. "Status changed at the ticket service from Open to Resolved" */
            summary = g_strdup_printf (_("Status changed at the ticket service from %s to %s"),
                                       onsite_ticket_status_to_label (local_status),
                                       onsite_ticket_status_to_label (status));

          if (!onsite_store_add_event (self, ticket_id, now, connector, "remote-status", summary, error))
            return FALSE;
        }
    }

  /* Before the service's value replaces the one we knew: only a change
   * at the service reaches the open vendor case. */
  if (remote->vendor_reference && remote->vendor_reference[0] &&
      !_onsite_store_apply_remote_vendor_reference (self, ticket_id, connector,
                                                    remote->vendor_reference, remote->updated, now, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, remote_sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, ticket_id);
  sqlite3_bind_text (stmt, 2, connector ? connector : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, remote->remote_status ? remote->remote_status : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, remote->owner ? remote->owner : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, remote->vendor_reference ? remote->vendor_reference : "", -1, SQLITE_TRANSIENT);
  if (remote->visit_start > 0)
    sqlite3_bind_int64 (stmt, 6, remote->visit_start);
  if (remote->visit_end > 0)
    sqlite3_bind_int64 (stmt, 7, remote->visit_end);
  sqlite3_bind_int (stmt, 8, remote->in_scope ? 1 : 0);
  sqlite3_bind_int64 (stmt, 9, now);
  sqlite3_bind_int (stmt, 10, pending_owner ? 1 : 0);
  sqlite3_bind_int (stmt, 11, pending_fields ? 1 : 0);

  return _onsite_store_step_done (self, stmt, _("save the ticket"), error);
}

/* Outbox ----------------------------------------------------------------- */

/**
 * _onsite_store_outbox_peek:
 *
 * The oldest change still to send. Changes are sent strictly in order;
 * a conflict waits for a person without holding up the rest.
 *
 * Returns: (transfer full) (nullable): the change, or %NULL (with @error
 *   set only on failure)
 */
OnsiteChange *
_onsite_store_outbox_peek (OnsiteStore  *self,
                           GError      **error)
{
  static const char sql[] =
    "SELECT o.id, coalesce (o.ticket_id, 0), t.remote_id, o.kind, o.payload,"
    " o.idempotency_key, o.attempts, o.next_attempt_at"
    " FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id"
    " WHERE o.state IN " PENDING_STATES " ORDER BY o.id LIMIT 1";
  OnsiteChange *change = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      change = g_new0 (OnsiteChange, 1);
      change->id = sqlite3_column_int64 (stmt, 0);
      change->ticket_id = sqlite3_column_int64 (stmt, 1);
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        change->remote_id = _onsite_column_dup (stmt, 2);
      change->kind = _onsite_column_dup (stmt, 3);
      change->payload = _onsite_column_dup (stmt, 4);
      change->idempotency_key = _onsite_column_dup (stmt, 5);
      change->attempts = sqlite3_column_int (stmt, 6);
      change->next_attempt_at = sqlite3_column_int64 (stmt, 7);
    }
  else if (rc != SQLITE_DONE)
    _onsite_store_set_error (self, rc, _("read the waiting changes"), error);

  sqlite3_reset (stmt);

  return change;
}

/*
 * Recorded, and on disk, before the request leaves: after a crash, a
 * change with attempts > 1 may already have arrived, and the connector
 * checks before sending it again.
 */
gboolean
_onsite_store_outbox_begin_attempt (OnsiteStore   *self,
                                    OnsiteChange  *change,
                                    GError       **error)
{
  static const char sql[] =
    "UPDATE outbox SET state = 'sending', attempts = attempts + 1 WHERE id = ?1";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, change->id);
  if (!_onsite_store_step_done (self, stmt, _("send the change"), error))
    return FALSE;

  change->attempts++;

  return TRUE;
}

gboolean
_onsite_store_outbox_mark_sent (OnsiteStore            *self,
                                const OnsiteChange     *change,
                                const OnsitePushResult *result,
                                GError                **error)
{
  static const char sql[] =
    "UPDATE outbox SET state = 'sent', sent_at = ?2, last_error = NULL WHERE id = ?1";
  static const char status_sql[] =
    "UPDATE remote_tickets SET remote_status = ?2 WHERE ticket_id = ?1";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, change->id);
  sqlite3_bind_int64 (stmt, 2, now_seconds ());
  if (!_onsite_store_step_done (self, stmt, _("send the change"), error))
    goto failure;

  /* The service's status is now the one we sent: the next pull must not
   * take that for a change made at the service. */
  if ((g_strcmp0 (change->kind, "status") == 0 || g_strcmp0 (change->kind, "handoff") == 0 ||
       g_strcmp0 (change->kind, "visit-step") == 0 || g_strcmp0 (change->kind, "assignment") == 0) &&
      result && result->remote_value && change->ticket_id > 0)
    {
      if (!(stmt = _onsite_store_prepare (self, status_sql, error)))
        goto failure;
      sqlite3_bind_int64 (stmt, 1, change->ticket_id);
      sqlite3_bind_text (stmt, 2, result->remote_value, -1, SQLITE_TRANSIENT);
      if (!_onsite_store_step_done (self, stmt, _("send the change"), error))
        goto failure;
    }

  return onsite_store_commit (self, error);

failure:
  onsite_store_rollback (self);
  return FALSE;
}

gboolean
_onsite_store_outbox_mark_failed (OnsiteStore        *self,
                                  const OnsiteChange *change,
                                  const char         *message,
                                  gint64              next_attempt_at,
                                  GError            **error)
{
  static const char sql[] =
    "UPDATE outbox SET state = 'failed', last_error = ?2, next_attempt_at = ?3 WHERE id = ?1";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, change->id);
  sqlite3_bind_text (stmt, 2, message ? message : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, next_attempt_at);

  return _onsite_store_step_done (self, stmt, _("send the change"), error);
}

gboolean
_onsite_store_outbox_mark_conflict (OnsiteStore        *self,
                                    const OnsiteChange *change,
                                    const char         *field,
                                    const char         *local_value,
                                    const char         *remote_value,
                                    const char         *message,
                                    GError            **error)
{
  static const char sql[] =
    "UPDATE outbox SET state = 'conflict', last_error = ?2 WHERE id = ?1";
  static const char conflict_sql[] =
    "INSERT INTO sync_conflicts (ticket_id, outbox_id, field, local_value, remote_value,"
    "  message, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!onsite_store_begin (self, error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    goto failure;
  sqlite3_bind_int64 (stmt, 1, change->id);
  sqlite3_bind_text (stmt, 2, message ? message : "", -1, SQLITE_TRANSIENT);
  if (!_onsite_store_step_done (self, stmt, _("record the conflict"), error))
    goto failure;

  if (!(stmt = _onsite_store_prepare (self, conflict_sql, error)))
    goto failure;
  if (change->ticket_id > 0)
    sqlite3_bind_int64 (stmt, 1, change->ticket_id);
  sqlite3_bind_int64 (stmt, 2, change->id);
  sqlite3_bind_text (stmt, 3, field ? field : change->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, local_value ? local_value : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, remote_value ? remote_value : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, message ? message : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, now_seconds ());
  if (!_onsite_store_step_done (self, stmt, _("record the conflict"), error))
    goto failure;

  return onsite_store_commit (self, error);

failure:
  onsite_store_rollback (self);
  return FALSE;
}

/* Sync state ------------------------------------------------------------- */

gboolean
_onsite_store_get_sync_state (OnsiteStore  *self,
                              const char   *connector,
                              gint64       *cursor,
                              gint64       *last_success,
                              char        **last_error,
                              GError      **error)
{
  static const char sql[] =
    "SELECT coalesce (cursor, ''), coalesce (last_success, 0), last_error"
    " FROM sync_state WHERE connector = ?1";
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (cursor)
    *cursor = 0;
  if (last_success)
    *last_success = 0;
  if (last_error)
    *last_error = NULL;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, connector, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (cursor)
        *cursor = g_ascii_strtoll ((const char *)sqlite3_column_text (stmt, 0), NULL, 10);
      if (last_success)
        *last_success = sqlite3_column_int64 (stmt, 1);
      if (last_error && sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        *last_error = _onsite_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the sync state"), error);
      return FALSE;
    }

  return TRUE;
}

/* A @cursor or @last_success of -1 keeps the stored value. */
gboolean
_onsite_store_set_sync_state (OnsiteStore  *self,
                              const char   *connector,
                              gint64        cursor,
                              gint64        last_success,
                              const char   *last_error,
                              GError      **error)
{
  static const char sql[] =
    "INSERT INTO sync_state (connector, cursor, last_success, last_error)"
    " VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (connector) DO UPDATE SET"
    "  cursor = CASE WHEN ?5 THEN excluded.cursor ELSE cursor END,"
    "  last_success = CASE WHEN ?6 THEN excluded.last_success ELSE last_success END,"
    "  last_error = excluded.last_error";
  g_autofree char *cursor_text = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;

  cursor_text = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (cursor, 0));
  sqlite3_bind_text (stmt, 1, connector, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, cursor_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, MAX (last_success, 0));
  if (last_error)
    sqlite3_bind_text (stmt, 4, last_error, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, cursor >= 0);
  sqlite3_bind_int (stmt, 6, last_success >= 0);

  return _onsite_store_step_done (self, stmt, _("save the sync state"), error);
}

/* Reconciliation --------------------------------------------------------- */

GPtrArray *
_onsite_store_list_open_remote_ids (OnsiteStore  *self,
                                    GError      **error)
{
  static const char sql[] =
    "SELECT remote_id FROM tickets WHERE remote_id IS NOT NULL"
    " AND status IN ('new', 'open', 'scheduled', 'in-progress', 'waiting')";
  g_autoptr(GPtrArray) ids = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ONSITE_IS_STORE (self), NULL);

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return NULL;

  ids = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, _onsite_column_dup (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _onsite_store_set_error (self, rc, _("read the tickets"), error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* The service deleted the ticket: it leaves the board, its history stays. */
gboolean
_onsite_store_mark_remote_gone (OnsiteStore  *self,
                                const char   *remote_id,
                                gint64        now,
                                GError      **error)
{
  static const char sql[] =
    "UPDATE tickets SET status = 'closed', updated_at = ?2 WHERE id = ?1";
  static const char scope_sql[] =
    "UPDATE remote_tickets SET in_scope = 0, seen_at = ?2 WHERE ticket_id = ?1";
  sqlite3_stmt *stmt;
  gint64 id;

  g_return_val_if_fail (ONSITE_IS_STORE (self), FALSE);

  if ((id = onsite_store_find_remote_ticket (self, remote_id, error)) < 0)
    return FALSE;
  if (id == 0)
    return TRUE;

  if (!(stmt = _onsite_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!_onsite_store_step_done (self, stmt, _("close the ticket"), error))
    return FALSE;

  if (!(stmt = _onsite_store_prepare (self, scope_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!_onsite_store_step_done (self, stmt, _("close the ticket"), error))
    return FALSE;

  return onsite_store_add_event (self, id, now, "", "remote-deleted",
                                 _("Deleted at the ticket service, or no longer visible to Onsite"), error);
}
