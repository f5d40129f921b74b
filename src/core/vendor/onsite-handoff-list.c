/* onsite-handoff-list.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-handoff-list"

#include "config.h"

#include "onsite-handoff-list.h"
#include "onsite-store-vendor.h"

/*
 * The coordinator's view: every open vendor case, the ones the vendor is
 * late on first, then by the vendor's time left; cases without contract
 * times after those, and cases the vendor has resolved (waiting for L2 to
 * check) last. Filters by vendor, contract and state work on the cases read
 * at the last reload, so changing them does not touch the database.
 *
 * "now" is a property rather than the clock so that the order is stable
 * between reloads and tests can fix it; 0 means the clock at each reload.
 */

struct _OnsiteHandoffList
{
  GObject      parent_instance;

  OnsiteStore *store;
  GPtrArray   *all;       /* sorted, unfiltered */
  GPtrArray   *visible;   /* what the model shows */
  gint64       now;
  gint64       fixed_now;
  gint64       vendor_id;
  gint64       contract_id;
  int          state;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OnsiteHandoffList, onsite_handoff_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_NOW,
  PROP_VENDOR_ID,
  PROP_CONTRACT_ID,
  PROP_STATE,
  PROP_N_ITEMS,
  PROP_N_OVERDUE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GType
onsite_handoff_list_get_item_type (GListModel *model)
{
  return ONSITE_TYPE_HANDOFF;
}

static guint
onsite_handoff_list_get_n_items (GListModel *model)
{
  return ONSITE_HANDOFF_LIST (model)->visible->len;
}

static gpointer
onsite_handoff_list_get_item (GListModel *model,
                              guint       position)
{
  OnsiteHandoffList *self = ONSITE_HANDOFF_LIST (model);

  if (position >= self->visible->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->visible, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = onsite_handoff_list_get_item_type;
  iface->get_n_items = onsite_handoff_list_get_n_items;
  iface->get_item = onsite_handoff_list_get_item;
}

static int
group_of (OnsiteHandoff *h)
{
  if (onsite_handoff_get_vendor_due (h) > 0)
    return 0;
  if (onsite_handoff_state_waits_on_vendor (onsite_handoff_get_state (h)))
    return 1;
  return 2;
}

static gint64
key_of (OnsiteHandoff *h)
{
  switch (group_of (h))
    {
    case 0:
      return onsite_handoff_get_vendor_due (h);
    case 1:
      return onsite_handoff_get_sent_at (h);
    default:
      return onsite_handoff_get_resolved_at (h);
    }
}

static int
compare_handoffs (gconstpointer a,
                  gconstpointer b)
{
  OnsiteHandoff *ha = *(OnsiteHandoff **)a;
  OnsiteHandoff *hb = *(OnsiteHandoff **)b;
  gint64 ka, kb, ia, ib;
  int ga = group_of (ha);
  int gb = group_of (hb);

  /* Within the first group, the earliest due date is the most overdue. */
  if (ga != gb)
    return ga - gb;

  ka = key_of (ha);
  kb = key_of (hb);
  if (ka != kb)
    return ka < kb ? -1 : 1;

  ia = onsite_handoff_get_id (ha);
  ib = onsite_handoff_get_id (hb);

  return (ia > ib) - (ia < ib);
}

static gboolean
passes (OnsiteHandoffList *self,
        OnsiteHandoff     *h)
{
  if (self->vendor_id > 0 && onsite_handoff_get_vendor_id (h) != self->vendor_id)
    return FALSE;
  if (self->contract_id > 0 && onsite_handoff_get_contract_id (h) != self->contract_id)
    return FALSE;
  if (self->state >= 0 && (int)onsite_handoff_get_state (h) != self->state)
    return FALSE;

  return TRUE;
}

static void
refilter (OnsiteHandoffList *self)
{
  guint removed = self->visible->len;

  g_ptr_array_set_size (self->visible, 0);
  for (guint i = 0; i < self->all->len; i++)
    {
      OnsiteHandoff *h = g_ptr_array_index (self->all, i);

      if (passes (self, h))
        g_ptr_array_add (self->visible, g_object_ref (h));
    }

  if (removed > 0 || self->visible->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->visible->len);

  if (removed != self->visible->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_OVERDUE]);
}

static void
onsite_handoff_list_finalize (GObject *object)
{
  OnsiteHandoffList *self = (OnsiteHandoffList *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->all, g_ptr_array_unref);
  g_clear_pointer (&self->visible, g_ptr_array_unref);

  G_OBJECT_CLASS (onsite_handoff_list_parent_class)->finalize (object);
}

static void
onsite_handoff_list_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OnsiteHandoffList *self = ONSITE_HANDOFF_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_NOW:
      g_value_set_int64 (value, self->fixed_now);
      break;
    case PROP_VENDOR_ID:
      g_value_set_int64 (value, self->vendor_id);
      break;
    case PROP_CONTRACT_ID:
      g_value_set_int64 (value, self->contract_id);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->visible->len);
      break;
    case PROP_N_OVERDUE:
      g_value_set_uint (value, onsite_handoff_list_get_n_overdue (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_handoff_list_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OnsiteHandoffList *self = ONSITE_HANDOFF_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_NOW:
      onsite_handoff_list_set_now (self, g_value_get_int64 (value));
      break;
    case PROP_VENDOR_ID:
      onsite_handoff_list_set_vendor_id (self, g_value_get_int64 (value));
      break;
    case PROP_CONTRACT_ID:
      onsite_handoff_list_set_contract_id (self, g_value_get_int64 (value));
      break;
    case PROP_STATE:
      onsite_handoff_list_set_state (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_handoff_list_class_init (OnsiteHandoffListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onsite_handoff_list_finalize;
  object_class->get_property = onsite_handoff_list_get_property;
  object_class->set_property = onsite_handoff_list_set_property;

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, ONSITE_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties [PROP_VENDOR_ID] =
    g_param_spec_int64 ("vendor-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties [PROP_CONTRACT_ID] =
    g_param_spec_int64 ("contract-id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties [PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, -1, ONSITE_N_HANDOFF_STATES - 1, -1, rw);
  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties [PROP_N_OVERDUE] =
    g_param_spec_uint ("n-overdue", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onsite_handoff_list_init (OnsiteHandoffList *self)
{
  self->all = g_ptr_array_new_with_free_func (g_object_unref);
  self->visible = g_ptr_array_new_with_free_func (g_object_unref);
  self->state = ONSITE_HANDOFF_LIST_ANY_STATE;
}

/**
 * onsite_handoff_list_new:
 *
 * Returns: (transfer full): an empty list; call onsite_handoff_list_reload()
 */
OnsiteHandoffList *
onsite_handoff_list_new (OnsiteStore *store)
{
  g_return_val_if_fail (ONSITE_IS_STORE (store), NULL);

  return g_object_new (ONSITE_TYPE_HANDOFF_LIST, "store", store, NULL);
}

/**
 * onsite_handoff_list_reload:
 *
 * Reads the open cases again (after a change, or every minute so that the
 * order follows the clock). On failure the list keeps what it had.
 */
gboolean
onsite_handoff_list_reload (OnsiteHandoffList  *self,
                            GError            **error)
{
  g_autoptr(GPtrArray) fresh = NULL;

  g_return_val_if_fail (ONSITE_IS_HANDOFF_LIST (self), FALSE);

  if (!(fresh = onsite_store_list_handoffs (self->store, 0, TRUE, error)))
    return FALSE;

  self->now = self->fixed_now > 0 ? self->fixed_now : g_get_real_time () / G_USEC_PER_SEC;
  g_ptr_array_sort (fresh, compare_handoffs);
  g_clear_pointer (&self->all, g_ptr_array_unref);
  self->all = g_steal_pointer (&fresh);

  refilter (self);

  return TRUE;
}

gint64
onsite_handoff_list_get_now (OnsiteHandoffList *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF_LIST (self), 0);

  return self->fixed_now;
}

/* @now: the time the overdue count is taken at; 0 for the clock at each reload */
void
onsite_handoff_list_set_now (OnsiteHandoffList *self,
                             gint64             now)
{
  g_return_if_fail (ONSITE_IS_HANDOFF_LIST (self));

  if (self->fixed_now == now)
    return;

  self->fixed_now = now;
  self->now = now > 0 ? now : g_get_real_time () / G_USEC_PER_SEC;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NOW]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_OVERDUE]);
}

gint64
onsite_handoff_list_get_vendor_id (OnsiteHandoffList *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF_LIST (self), 0);

  return self->vendor_id;
}

/* @vendor_id: only this vendor's cases; 0 for all */
void
onsite_handoff_list_set_vendor_id (OnsiteHandoffList *self,
                                   gint64             vendor_id)
{
  g_return_if_fail (ONSITE_IS_HANDOFF_LIST (self));

  if (self->vendor_id == vendor_id)
    return;

  self->vendor_id = vendor_id;
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VENDOR_ID]);
}

gint64
onsite_handoff_list_get_contract_id (OnsiteHandoffList *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF_LIST (self), 0);

  return self->contract_id;
}

/* @contract_id: only cases under this contract; 0 for all */
void
onsite_handoff_list_set_contract_id (OnsiteHandoffList *self,
                                     gint64             contract_id)
{
  g_return_if_fail (ONSITE_IS_HANDOFF_LIST (self));

  if (self->contract_id == contract_id)
    return;

  self->contract_id = contract_id;
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONTRACT_ID]);
}

int
onsite_handoff_list_get_state (OnsiteHandoffList *self)
{
  g_return_val_if_fail (ONSITE_IS_HANDOFF_LIST (self), ONSITE_HANDOFF_LIST_ANY_STATE);

  return self->state;
}

/* @state: an #OnsiteHandoffState, or %ONSITE_HANDOFF_LIST_ANY_STATE */
void
onsite_handoff_list_set_state (OnsiteHandoffList *self,
                               int                state)
{
  g_return_if_fail (ONSITE_IS_HANDOFF_LIST (self));
  g_return_if_fail (state >= -1 && state < ONSITE_N_HANDOFF_STATES);

  if (self->state == state)
    return;

  self->state = state;
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
}

/* Among the cases shown. */
guint
onsite_handoff_list_get_n_overdue (OnsiteHandoffList *self)
{
  guint n = 0;

  g_return_val_if_fail (ONSITE_IS_HANDOFF_LIST (self), 0);

  for (guint i = 0; i < self->visible->len; i++)
    if (onsite_handoff_is_overdue (g_ptr_array_index (self->visible, i), self->now))
      n++;

  return n;
}
