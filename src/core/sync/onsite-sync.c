/* onsite-sync.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "onsite-store-private.h"
#include "onsite-sync.h"
#include "onsite-sync-store.h"

/*
 * The sync engine. A run is one thread of its own with its own OnsiteStore
 * on the same file (WAL lets the window read while it writes), and its own
 * main context on which the connector's _async calls complete; so the code
 * of a run reads top to bottom: push the outbox in order, pull what changed
 * in large transactions, then reconcile deletions. State (syncing,
 * last-success, last-error, pending-changes) is published as properties on
 * the main context the run was started from; "progress" tells how far a
 * long first sync has got.
 *
 * Exactly once. Each outbox row carries an idempotency key. Before a
 * request leaves, the row's attempt counter is raised and committed with
 * synchronous=FULL; a row seen again with more than one attempt may have
 * reached the service, and the connector checks there before sending it
 * again (RT: the key travels in the comment's subject, which RT keeps in
 * the transaction's Data; field updates compare the ticket's current value
 * with the target and with the value Onsite last saw, under If-Match).
 */

struct _OnsiteSync
{
  GObject          parent_instance;

  char            *store_path;
  OnsiteConnector *connector;

  gboolean         syncing;
  gint64           last_success;
  char            *last_error;
  gint64           pending_changes;
  gint64           conflicts;

  guint            pushed;
  guint            pulled;
  guint            closed;

  guint            interval;
  guint            timer_id;
  guint            failures;     /* in a row, for the periodic backoff */
};

G_DEFINE_FINAL_TYPE (OnsiteSync, onsite_sync, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE_PATH,
  PROP_CONNECTOR,
  PROP_SYNCING,
  PROP_LAST_SUCCESS,
  PROP_LAST_ERROR,
  PROP_PENDING_CHANGES,
  PROP_CONFLICTS,
  PROP_INTERVAL,
  N_PROPS
};

enum {
  PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

#define BACKOFF_BASE 10
#define BACKOFF_CAP (60 * 60)

typedef struct
{
  OnsiteSync      *self;         /* strong */
  OnsiteConnector *connector;    /* strong */
  char            *store_path;
  OnsiteSyncFlags  flags;
  GMainContext    *owner;        /* where the run was started */
  GMainContext    *context;      /* the worker's own */
  OnsiteStore     *store;
  GCancellable    *cancellable;
  GHashTable      *site_cache;   /* only while a pull transaction is good */
  guint            pushed;
  guint            pulled;
  guint            closed;
  gint64           last_success;
  char            *last_error;
  gint64           pending;
  gint64           conflicts;
} Run;

static void
run_free (Run *run)
{
  g_clear_object (&run->self);
  g_clear_object (&run->connector);
  g_clear_object (&run->store);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->site_cache, g_hash_table_unref);
  g_clear_pointer (&run->store_path, g_free);
  g_clear_pointer (&run->owner, g_main_context_unref);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_pointer (&run->last_error, g_free);
  g_free (run);
}

static void
onsite_sync_dispose (GObject *object)
{
  OnsiteSync *self = (OnsiteSync *)object;

  g_clear_handle_id (&self->timer_id, g_source_remove);

  G_OBJECT_CLASS (onsite_sync_parent_class)->dispose (object);
}

static void
onsite_sync_finalize (GObject *object)
{
  OnsiteSync *self = (OnsiteSync *)object;

  g_clear_object (&self->connector);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->last_error, g_free);

  G_OBJECT_CLASS (onsite_sync_parent_class)->finalize (object);
}

static void
onsite_sync_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  OnsiteSync *self = ONSITE_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE_PATH:
      g_value_set_string (value, self->store_path);
      break;

    case PROP_CONNECTOR:
      g_value_set_object (value, self->connector);
      break;

    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;

    case PROP_LAST_SUCCESS:
      g_value_set_int64 (value, self->last_success);
      break;

    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;

    case PROP_PENDING_CHANGES:
      g_value_set_int64 (value, self->pending_changes);
      break;

    case PROP_CONFLICTS:
      g_value_set_int64 (value, self->conflicts);
      break;

    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_sync_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  OnsiteSync *self = ONSITE_SYNC (object);

  switch (prop_id)
    {
    case PROP_STORE_PATH:
      self->store_path = g_value_dup_string (value);
      break;

    case PROP_CONNECTOR:
      self->connector = g_value_dup_object (value);
      break;

    case PROP_INTERVAL:
      onsite_sync_set_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_sync_class_init (OnsiteSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onsite_sync_dispose;
  object_class->finalize = onsite_sync_finalize;
  object_class->get_property = onsite_sync_get_property;
  object_class->set_property = onsite_sync_set_property;

  properties [PROP_STORE_PATH] =
    g_param_spec_string ("store-path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CONNECTOR] =
    g_param_spec_object ("connector", NULL, NULL, ONSITE_TYPE_CONNECTOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_SYNCING] =
    g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_LAST_SUCCESS] =
    g_param_spec_int64 ("last-success", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_PENDING_CHANGES] =
    g_param_spec_int64 ("pending-changes", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_CONFLICTS] =
    g_param_spec_int64 ("conflicts", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteSync:interval:
   *
   * Seconds between background syncs on the default main context;
   * 0 (the default) for none. After a failure that may pass (the service
   * unreachable, a 5xx), the next try comes sooner, with backoff.
   */
  properties [PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL, 0, 7 * 24 * 60 * 60, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnsiteSync::progress:
   * @phase: "push", "pull" or "reconcile"
   * @done: items handled so far in this phase
   * @total: items in all, or 0 when not known
   *
   * Emitted on the main context the run was started from.
   */
  signals [PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT);
}

static void
onsite_sync_init (OnsiteSync *self)
{
}

/**
 * onsite_sync_new:
 * @store_path: the database file; the sync opens its own connection to it
 * @connector: the ticket service
 */
OnsiteSync *
onsite_sync_new (const char      *store_path,
                 OnsiteConnector *connector)
{
  g_return_val_if_fail (store_path != NULL, NULL);
  g_return_val_if_fail (ONSITE_IS_CONNECTOR (connector), NULL);

  return g_object_new (ONSITE_TYPE_SYNC,
                       "store-path", store_path,
                       "connector", connector,
                       NULL);
}

OnsiteConnector *
onsite_sync_get_connector (OnsiteSync *self)
{
  g_return_val_if_fail (ONSITE_IS_SYNC (self), NULL);
  return self->connector;
}

gboolean
onsite_sync_get_syncing (OnsiteSync *self)
{
  g_return_val_if_fail (ONSITE_IS_SYNC (self), FALSE);
  return self->syncing;
}

gint64
onsite_sync_get_last_success (OnsiteSync *self)
{
  g_return_val_if_fail (ONSITE_IS_SYNC (self), 0);
  return self->last_success;
}

const char *
onsite_sync_get_last_error (OnsiteSync *self)
{
  g_return_val_if_fail (ONSITE_IS_SYNC (self), NULL);
  return self->last_error;
}

gint64
onsite_sync_get_pending_changes (OnsiteSync *self)
{
  g_return_val_if_fail (ONSITE_IS_SYNC (self), 0);
  return self->pending_changes;
}

gint64
onsite_sync_get_conflicts (OnsiteSync *self)
{
  g_return_val_if_fail (ONSITE_IS_SYNC (self), 0);
  return self->conflicts;
}

void
onsite_sync_get_last_counts (OnsiteSync *self,
                             guint      *pushed,
                             guint      *pulled,
                             guint      *closed)
{
  g_return_if_fail (ONSITE_IS_SYNC (self));

  if (pushed)
    *pushed = self->pushed;
  if (pulled)
    *pulled = self->pulled;
  if (closed)
    *closed = self->closed;
}

/**
 * onsite_sync_backoff_delay:
 * @attempts: attempts made so far (at least 1)
 * @random: a random number
 *
 * Exponential backoff with jitter: between half and all of
 * 10 s × 2^(attempts-1), at most an hour, so that many clients coming
 * back after an outage do not all knock at once.
 *
 * Returns: seconds to wait before the next attempt
 */
gint64
onsite_sync_backoff_delay (int     attempts,
                           guint32 random)
{
  gint64 delay = BACKOFF_BASE;

  for (int i = 1; i < attempts && delay < BACKOFF_CAP; i++)
    delay *= 2;
  delay = MIN (delay, BACKOFF_CAP);

  return delay / 2 + (gint64)(random % (guint32)(delay / 2 + 1));
}

/* Main-context side ------------------------------------------------------ */

typedef struct
{
  OnsiteSync *self;
  char       *phase;
  guint       done;
  guint       total;
} Progress;

static gboolean
emit_progress (gpointer data)
{
  Progress *p = data;

  g_signal_emit (p->self, signals [PROGRESS], 0, p->phase, p->done, p->total);

  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->self);
  g_free (p->phase);
  g_free (p);
}

static void
report_progress (Run        *run,
                 const char *phase,
                 guint       done,
                 guint       total)
{
  Progress *p = g_new0 (Progress, 1);

  p->self = g_object_ref (run->self);
  p->phase = g_strdup (phase);
  p->done = done;
  p->total = total;

  g_main_context_invoke_full (run->owner, G_PRIORITY_DEFAULT, emit_progress, p, progress_free);
}

static void
set_syncing (OnsiteSync *self,
             gboolean    syncing)
{
  if (self->syncing != syncing)
    {
      self->syncing = syncing;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SYNCING]);
    }
}

/* Publishes a finished run's state; on the owner context. */
static void
publish (OnsiteSync *self,
         Run        *run)
{
  g_object_freeze_notify (G_OBJECT (self));

  self->pushed = run->pushed;
  self->pulled = run->pulled;
  self->closed = run->closed;

  if (run->last_success > 0 && self->last_success != run->last_success)
    {
      self->last_success = run->last_success;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LAST_SUCCESS]);
    }

  if (g_strcmp0 (self->last_error, run->last_error) != 0)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (run->last_error);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LAST_ERROR]);
    }

  if (run->pending >= 0 && self->pending_changes != run->pending)
    {
      self->pending_changes = run->pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PENDING_CHANGES]);
    }

  if (run->conflicts >= 0 && self->conflicts != run->conflicts)
    {
      self->conflicts = run->conflicts;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONFLICTS]);
    }

  set_syncing (self, FALSE);

  g_object_thaw_notify (G_OBJECT (self));
}

/* Worker side ------------------------------------------------------------ */

static void
got_result (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Waits on the worker's own context for one connector call. */
static GAsyncResult *
wait_for (Run           *run,
          GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (run->context, TRUE);

  return *slot;
}

static OnsitePushResult *
connector_push (Run                *run,
                const OnsiteChange *change,
                GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onsite_connector_push_async (run->connector, change, run->cancellable, got_result, &result);
  return onsite_connector_push_finish (run->connector, wait_for (run, &result), error);
}


static GStrv
connector_list_active (Run     *run,
                       GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onsite_connector_list_active_async (run->connector, run->cancellable, got_result, &result);
  return onsite_connector_list_active_finish (run->connector, wait_for (run, &result), error);
}

static OnsiteRemoteTicket *
connector_fetch (Run         *run,
                 const char  *remote_id,
                 GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  onsite_connector_fetch_async (run->connector, remote_id, run->cancellable, got_result, &result);
  return onsite_connector_fetch_finish (run->connector, wait_for (run, &result), error);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Errors that stop the whole run rather than one change. */
static gboolean
stops_the_run (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return TRUE;

  if (error->domain != ONSITE_SYNC_ERROR)
    return TRUE;

  switch ((OnsiteSyncError)error->code)
    {
    case ONSITE_SYNC_ERROR_REFUSED:
    case ONSITE_SYNC_ERROR_NOT_FOUND:
    case ONSITE_SYNC_ERROR_CONFLICT:
      return FALSE;

    default:
      return TRUE;
    }
}

static gboolean
push_outbox (Run     *run,
             GError **error)
{
  guint done = 0;

  for (;;)
    {
      g_autoptr(OnsiteChange) change = NULL;
      g_autoptr(OnsitePushResult) result = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;

      if (!(change = _onsite_store_outbox_peek (run->store, error)))
        return error == NULL || *error == NULL;

      /* Waiting out a retry delay holds up everything behind it: changes
       * to one ticket must arrive in the order they were made. */
      if (!(run->flags & ONSITE_SYNC_NOW) && change->next_attempt_at > now_seconds ())
        {
          g_debug ("Change %" G_GINT64_FORMAT " waits until %" G_GINT64_FORMAT,
                   change->id, change->next_attempt_at);
          return TRUE;
        }

      if (change->remote_id == NULL)
        {
          if (!_onsite_store_outbox_mark_conflict (run->store, change, change->kind, NULL, NULL,
                                                   _("The ticket does not exist at the ticket service."),
                                                   error))
            return FALSE;
          continue;
        }

      if (!_onsite_store_outbox_begin_attempt (run->store, change, error))
        return FALSE;

      result = connector_push (run, change, &local_error);

      if (result && result->outcome == ONSITE_PUSH_CONFLICT)
        {
          g_autofree char *message =
            g_strdup_printf (_("%s was changed at the ticket service to “%s” while Onsite wanted “%s”."),
                             result->field ? result->field : change->kind,
                             result->remote_value ? result->remote_value : "",
                             result->local_value ? result->local_value : "");

          if (!_onsite_store_outbox_mark_conflict (run->store, change, result->field,
                                                   result->local_value, result->remote_value,
                                                   message, error))
            return FALSE;
        }
      else if (result)
        {
          if (!_onsite_store_outbox_mark_sent (run->store, change, result, error))
            return FALSE;
          run->pushed++;
        }
      else if (!stops_the_run (local_error))
        {
          /* Retrying will not help: a person decides. */
          if (!_onsite_store_outbox_mark_conflict (run->store, change, change->kind, NULL, NULL,
                                                   local_error->message, error))
            return FALSE;
        }
      else
        {
          gint64 delay = onsite_sync_backoff_delay (change->attempts, g_random_int ());

          if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            _onsite_store_outbox_mark_failed (run->store, change, local_error->message,
                                              onsite_sync_error_is_transient (local_error)
                                              ? now_seconds () + delay : now_seconds (),
                                              NULL);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      report_progress (run, "push", ++done, 0);
    }
}

/* Writes a page inside the caller's transaction. */
static gboolean
apply_page (Run            *run,
            OnsitePullPage *page,
            gint64          cursor,
            GError        **error)
{
  const char *name = onsite_connector_get_name (run->connector);
  gint64 now = now_seconds ();

  for (guint i = 0; i < page->tickets->len; i++)
    {
      if (!_onsite_store_apply_remote_ticket (run->store, name, g_ptr_array_index (page->tickets, i),
                                              now, cursor > 0 ? cursor - 1 : 0,
                                              run->site_cache, error))
        return FALSE;
    }

  return TRUE;
}

/*
 * Large transactions: one commit per page would flush the full-text index
 * a hundred tickets at a time and cost more than the tickets themselves.
 * A commit every BATCH_TICKETS, or BATCH_USEC, keeps the window's view of
 * a long first sync fresh. Within a batch the search triggers are set
 * aside and the batch's tickets indexed at its end, in two statements
 * (see _onsite_store_sync_batch_begin()).
 */
#define BATCH_TICKETS 5000
#define BATCH_USEC (G_USEC_PER_SEC / 2)

/* Waits for a page fetch still on its way, and drops it. */
static void
drain (Run           *run,
       GAsyncResult **slot)
{
  g_autoptr(OnsitePullPage) page = NULL;

  if (*slot == NULL)
    return;

  page = onsite_connector_pull_finish (run->connector, *slot, NULL);
  g_clear_object (slot);
}

/*
 * Pages are fetched one ahead: while this thread writes page N, the
 * connector's thread fetches and parses page N+1.
 */
static gboolean
pull (Run     *run,
      GError **error)
{
  const char *name = onsite_connector_get_name (run->connector);
  g_autoptr(GAsyncResult) inflight = NULL;
  gboolean started = FALSE;
  gboolean in_transaction = FALSE;
  gint64 batch_start = 0;
  guint batch = 0;
  gint64 cursor = 0;
  gint64 new_cursor = 0;
  guint page_number = 1;
  guint done = 0;

  if (!(run->flags & ONSITE_SYNC_FULL) &&
      !_onsite_store_get_sync_state (run->store, name, &cursor, NULL, NULL, error))
    return FALSE;

  onsite_connector_pull_async (run->connector, cursor, page_number, run->cancellable,
                               got_result, &inflight);
  started = TRUE;

  while (started)
    {
      g_autoptr(OnsitePullPage) page = NULL;
      guint next;
      gint64 t0 = g_get_monotonic_time (), t1;

      page = onsite_connector_pull_finish (run->connector, wait_for (run, &inflight), error);
      g_clear_object (&inflight);
      started = FALSE;
      if (page == NULL)
        {
          /* What came in before is good: keep it (the cursor stays). */
          if (in_transaction &&
              (!_onsite_store_sync_batch_end (run->store, NULL) ||
               !onsite_store_commit (run->store, NULL)))
            {
              onsite_store_rollback (run->store);
              _onsite_store_sync_batch_abort (run->store);
            }
          return FALSE;
        }
      t1 = g_get_monotonic_time ();

      /* The next sync starts from when this one began, by the service's
       * clock: whatever changes while we page through is caught then. */
      if (page_number == 1)
        new_cursor = page->server_time > 0 ? page->server_time : now_seconds ();

      next = page->next_page > page_number ? page->next_page : 0;
      if (next)
        {
          onsite_connector_pull_async (run->connector, cursor, next, run->cancellable,
                                       got_result, &inflight);
          started = TRUE;
        }

      if (!in_transaction)
        {
          if (!onsite_store_begin (run->store, error))
            {
              drain (run, &inflight);
              return FALSE;
            }
          if (!_onsite_store_sync_batch_begin (run->store, error))
            {
              onsite_store_rollback (run->store);
              drain (run, &inflight);
              return FALSE;
            }
          in_transaction = TRUE;
          batch = 0;
          batch_start = g_get_monotonic_time ();
        }

      if (run->site_cache == NULL)
        run->site_cache = _onsite_store_new_site_cache ();

      if (!apply_page (run, page, cursor, error))
        {
          /* Sites written in this transaction are gone again. */
          g_clear_pointer (&run->site_cache, g_hash_table_unref);
          onsite_store_rollback (run->store);
          _onsite_store_sync_batch_abort (run->store);
          drain (run, &inflight);
          return FALSE;
        }
      batch += page->tickets->len;

      if (next == 0 || batch >= BATCH_TICKETS ||
          g_get_monotonic_time () - batch_start >= BATCH_USEC)
        {
          in_transaction = FALSE;
          if (!_onsite_store_sync_batch_end (run->store, error))
            {
              onsite_store_rollback (run->store);
              g_clear_pointer (&run->site_cache, g_hash_table_unref);
              drain (run, &inflight);
              return FALSE;
            }
          if (!onsite_store_commit (run->store, error))
            {
              g_clear_pointer (&run->site_cache, g_hash_table_unref);
              drain (run, &inflight);
              return FALSE;
            }
        }

      g_debug ("Page %u: %u tickets, waited %.1f ms for it, %.1f ms to store",
               page_number, page->tickets->len, (t1 - t0) / 1000.0,
               (g_get_monotonic_time () - t1) / 1000.0);

      done += page->tickets->len;
      run->pulled += page->tickets->len;
      report_progress (run, "pull", done, page->total > 0 ? (guint)page->total : 0);
      page_number = next;
    }

  return _onsite_store_set_sync_state (run->store, name, new_cursor, -1, NULL, error);
}

/*
 * A ticket deleted at the service never shows up in a search again, so
 * the only way to notice is to compare what we hold open with what the
 * service lists as active, and ask about each difference.
 */
static gboolean
reconcile (Run     *run,
           GError **error)
{
  const char *name = onsite_connector_get_name (run->connector);
  g_autoptr(GHashTable) active = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) local = NULL;
  g_auto(GStrv) ids = NULL;
  guint done = 0;

  if (!(ids = connector_list_active (run, error)))
    return FALSE;
  for (guint i = 0; ids[i]; i++)
    g_hash_table_add (active, ids[i]);

  if (!(local = _onsite_store_list_open_remote_ids (run->store, error)))
    return FALSE;

  for (guint i = 0; i < local->len; i++)
    {
      const char *remote_id = g_ptr_array_index (local, i);
      g_autoptr(OnsiteRemoteTicket) ticket = NULL;
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      if (g_hash_table_contains (active, remote_id))
        continue;

      ticket = connector_fetch (run, remote_id, &local_error);

      if (!onsite_store_begin (run->store, error))
        return FALSE;

      if (ticket)
        ok = _onsite_store_apply_remote_ticket (run->store, name, ticket, now_seconds (), 0, NULL, error);
      else if (g_error_matches (local_error, ONSITE_SYNC_ERROR, ONSITE_SYNC_ERROR_NOT_FOUND))
        ok = _onsite_store_mark_remote_gone (run->store, remote_id, now_seconds (), error);
      else
        {
          onsite_store_rollback (run->store);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (!ok || !onsite_store_commit (run->store, error))
        {
          onsite_store_rollback (run->store);
          return FALSE;
        }

      run->closed++;
      report_progress (run, "reconcile", ++done, 0);
    }

  return TRUE;
}

static gint64
count (OnsiteStore *store,
       const char  *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (_onsite_store_get_db (store), sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);

  return n;
}

static gboolean
run_cycle (Run     *run,
           GError **error)
{
  const char *name = onsite_connector_get_name (run->connector);
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (!(run->store = onsite_store_open (run->store_path, error)))
    return FALSE;

  /* The attempt counter must be on disk before a request leaves, even
   * if the power fails: it is what makes a resend check first. A pull
   * loses nothing on a power cut that the next pull does not bring back,
   * so it commits without waiting for the disk. */
  sqlite3_exec (_onsite_store_get_db (run->store), "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  ok = !(run->flags & ONSITE_SYNC_PUSH) || push_outbox (run, &local_error);
  sqlite3_exec (_onsite_store_get_db (run->store),
                "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536", NULL, NULL, NULL);

  /* A long pull rewrites the same pages (the B-trees' upper levels, the
   * search index's segments) batch after batch: copying the WAL into the
   * database every 1,000 pages (4 MB) copied them again each time. Every
   * 10,000 during the pull, and whatever is left once it is over, without
   * waiting for readers. */
  sqlite3_exec (_onsite_store_get_db (run->store), "PRAGMA wal_autocheckpoint = 10000", NULL, NULL, NULL);
  ok = ok && (!(run->flags & ONSITE_SYNC_PULL) || pull (run, &local_error));
  sqlite3_exec (_onsite_store_get_db (run->store),
                "PRAGMA wal_autocheckpoint = 1000; PRAGMA wal_checkpoint (PASSIVE)", NULL, NULL, NULL);

  ok = ok && (!(run->flags & ONSITE_SYNC_RECONCILE) || reconcile (run, &local_error));

  /* The service's technicians (RT: a group's members) join the roster. */
  ok = ok && (!(run->flags & ONSITE_SYNC_PULL) ||
              _onsite_sync_pull_technicians (run->connector, run->store, run->cancellable, &local_error));

  if (ok)
    {
      run->last_success = now_seconds ();
      _onsite_store_set_sync_state (run->store, name, -1, run->last_success, NULL, NULL);
    }
  else
    {
      run->last_error = g_strdup (local_error->message);
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _onsite_store_set_sync_state (run->store, name, -1, -1, local_error->message, NULL);
    }

  _onsite_store_get_sync_state (run->store, name, NULL, &run->last_success, NULL, NULL);
  run->pending = count (run->store,
                        "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending', 'failed')");
  run->conflicts = count (run->store, "SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL");

  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static gpointer
run_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  Run *run = g_task_get_task_data (task);
  GError *error = NULL;

  g_main_context_push_thread_default (run->context);

  if (run_cycle (run, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);

  /* The store belongs to this thread: close it here. */
  g_clear_object (&run->store);

  /* Let the connector's finished tasks release what they hold. */
  while (g_main_context_pending (run->context))
    g_main_context_iteration (run->context, FALSE);

  g_main_context_pop_thread_default (run->context);

  return NULL;
}

/**
 * onsite_sync_run_async:
 * @flags: what to do; %ONSITE_SYNC_DEFAULT for a full cycle
 *
 * Runs one sync cycle in a thread of its own. Only one runs at a time;
 * a second call while one runs fails with %G_IO_ERROR_PENDING.
 */
void
onsite_sync_run_async (OnsiteSync          *self,
                       OnsiteSyncFlags      flags,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GError) error = NULL;
  Run *run;

  g_return_if_fail (ONSITE_IS_SYNC (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onsite_sync_run_async);
  g_task_set_return_on_cancel (task, FALSE);

  if (self->syncing)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("A sync is already running."));
      return;
    }

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->connector = g_object_ref (self->connector);
  run->store_path = g_strdup (self->store_path);
  run->flags = flags;
  run->owner = g_main_context_ref_thread_default ();
  run->context = g_main_context_new ();
  run->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  run->pending = -1;
  run->conflicts = -1;
  g_task_set_task_data (task, run, (GDestroyNotify)run_free);

  set_syncing (self, TRUE);

  thread = g_thread_try_new ("onsite-sync", run_thread, g_object_ref (task), &error);
  if (thread == NULL)
    {
      g_object_unref (task);
      set_syncing (self, FALSE);
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

gboolean
onsite_sync_run_finish (OnsiteSync    *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  Run *run;

  g_return_val_if_fail (ONSITE_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if ((run = g_task_get_task_data (G_TASK (result))))
    publish (self, run);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Periodic sync ---------------------------------------------------------- */

static gboolean periodic_tick (gpointer data);

static void
schedule (OnsiteSync *self,
          guint       seconds)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);

  if (self->interval > 0)
    self->timer_id = g_timeout_add_seconds (MAX (seconds, 1), periodic_tick, self);
}

static void
periodic_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  OnsiteSync *self = ONSITE_SYNC (object);
  g_autoptr(GError) error = NULL;
  guint next = self->interval;

  if (onsite_sync_run_finish (self, result, &error))
    self->failures = 0;
  else if (onsite_sync_error_is_transient (error))
    {
      self->failures++;
      next = MIN ((gint64)self->interval,
                  onsite_sync_backoff_delay (self->failures, g_random_int ()));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
    g_debug ("Background sync failed: %s", error->message);

  if (self->timer_id == 0)
    schedule (self, next);
}

static gboolean
periodic_tick (gpointer data)
{
  OnsiteSync *self = data;

  self->timer_id = 0;

  if (self->syncing)
    {
      schedule (self, self->interval);
      return G_SOURCE_REMOVE;
    }

  onsite_sync_run_async (self, ONSITE_SYNC_DEFAULT, NULL, periodic_done, NULL);

  return G_SOURCE_REMOVE;
}

/**
 * onsite_sync_set_interval:
 * @seconds: seconds between background syncs, or 0 for none
 *
 * Starts (or stops) background syncs on the default main context (the
 * application's); the first one runs after @seconds.
 */
void
onsite_sync_set_interval (OnsiteSync *self,
                          guint       seconds)
{
  g_return_if_fail (ONSITE_IS_SYNC (self));

  if (self->interval == seconds)
    return;

  self->interval = seconds;
  self->failures = 0;
  schedule (self, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_INTERVAL]);
}

guint
onsite_sync_get_interval (OnsiteSync *self)
{
  g_return_val_if_fail (ONSITE_IS_SYNC (self), 0);

  return self->interval;
}

typedef struct
{
  GMainContext *context;
  GAsyncResult *result;
} SyncWait;

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SyncWait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_context_wakeup (wait->context);
}

/**
 * onsite_sync_run:
 *
 * Runs one cycle and waits for it, for command-line tools and tests. The
 * properties and "progress" are delivered on the calling thread.
 */
gboolean
onsite_sync_run (OnsiteSync       *self,
                 OnsiteSyncFlags   flags,
                 GCancellable     *cancellable,
                 GError          **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  SyncWait wait = { context, NULL };
  gboolean ret;

  g_return_val_if_fail (ONSITE_IS_SYNC (self), FALSE);

  g_main_context_push_thread_default (context);
  onsite_sync_run_async (self, flags, cancellable, run_done, &wait);
  while (wait.result == NULL)
    g_main_context_iteration (context, TRUE);
  ret = onsite_sync_run_finish (self, wait.result, error);
  /* Deliver the last progress signals before returning. */
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);
  g_object_unref (wait.result);

  return ret;
}
