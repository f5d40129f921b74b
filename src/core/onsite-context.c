/* onsite-context.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-context"

#include "config.h"

#include "onsite-context.h"

/*
 * What every view of the window shares, in the manner of GNOME Calendar's
 * GcalContext: the store, the board of open tickets, the travel model
 * (speed, detour, routing server), and the clock. A view
 * that changes the store calls onsite_context_store_changed(), so does the
 * window after a sync; every view then reads again what it shows.
 */
struct _OnsiteContext
{
  GObject           parent_instance;

  OnsiteStore      *store;
  OnsiteBoardModel *board;
  OnsiteTravelModel *travel;
  gint64            now;
};

G_DEFINE_FINAL_TYPE (OnsiteContext, onsite_context, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_BOARD,
  PROP_NOW,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
onsite_context_dispose (GObject *object)
{
  OnsiteContext *self = (OnsiteContext *)object;

  g_clear_object (&self->board);
  g_clear_object (&self->travel);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (onsite_context_parent_class)->dispose (object);
}

static void
onsite_context_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OnsiteContext *self = ONSITE_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_BOARD:
      g_value_set_object (value, self->board);
      break;

    case PROP_NOW:
      g_value_set_int64 (value, onsite_context_get_now (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_context_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  OnsiteContext *self = ONSITE_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_NOW:
      onsite_context_set_now (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_context_constructed (GObject *object)
{
  OnsiteContext *self = (OnsiteContext *)object;

  G_OBJECT_CLASS (onsite_context_parent_class)->constructed (object);

  g_assert (ONSITE_IS_STORE (self->store));
  self->board = onsite_board_model_new (self->store);
}

static void
onsite_context_class_init (OnsiteContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = onsite_context_constructed;
  object_class->dispose = onsite_context_dispose;
  object_class->get_property = onsite_context_get_property;
  object_class->set_property = onsite_context_set_property;

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, ONSITE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_BOARD] =
    g_param_spec_object ("board", NULL, NULL, ONSITE_TYPE_BOARD_MODEL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteContext:now:
   *
   * The time views show, in seconds since the epoch; reading it gives the
   * real time unless a test pinned it. Notified every minute by the window.
   */
  properties [PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * OnsiteContext::changed:
   *
   * The store changed: a view wrote to it, or a sync brought news.
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
onsite_context_init (OnsiteContext *self)
{
  self->travel = onsite_travel_model_new ();
}

/**
 * onsite_context_new:
 * @store: the open store
 *
 * Returns: (transfer full): a context with an empty board; views fill it
 *   on onsite_context_store_changed()
 */
OnsiteContext *
onsite_context_new (OnsiteStore *store)
{
  g_return_val_if_fail (ONSITE_IS_STORE (store), NULL);

  return g_object_new (ONSITE_TYPE_CONTEXT, "store", store, NULL);
}

OnsiteStore *
onsite_context_get_store (OnsiteContext *self)
{
  g_return_val_if_fail (ONSITE_IS_CONTEXT (self), NULL);

  return self->store;
}

OnsiteBoardModel *
onsite_context_get_board (OnsiteContext *self)
{
  g_return_val_if_fail (ONSITE_IS_CONTEXT (self), NULL);

  return self->board;
}

gint64
onsite_context_get_now (OnsiteContext *self)
{
  g_return_val_if_fail (ONSITE_IS_CONTEXT (self), 0);

  return self->now > 0 ? self->now : g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * onsite_context_set_now:
 * @now: seconds since the epoch, or 0 for the real time
 *
 * Tells the views that time moved (0), or pins it (tests).
 */
void
onsite_context_set_now (OnsiteContext *self,
                        gint64         now)
{
  g_return_if_fail (ONSITE_IS_CONTEXT (self));

  self->now = now;
  onsite_board_model_set_now (self->board, now);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NOW]);
}

/**
 * onsite_context_store_changed:
 *
 * Says that the store changed, so that every view reads it again.
 */
void
onsite_context_store_changed (OnsiteContext *self)
{
  g_return_if_fail (ONSITE_IS_CONTEXT (self));

  g_signal_emit (self, signals [CHANGED], 0);
}

/**
 * onsite_context_get_travel:
 *
 * Returns: (transfer none): the travel model every view estimates with;
 *   the window binds it to the settings
 */
OnsiteTravelModel *
onsite_context_get_travel (OnsiteContext *self)
{
  g_return_val_if_fail (ONSITE_IS_CONTEXT (self), NULL);

  return self->travel;
}
