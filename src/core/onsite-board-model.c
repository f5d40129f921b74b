/* onsite-board-model.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-board-model"

#include "config.h"

#include <string.h>

#include "onsite-board-model.h"
#include "onsite-ticket-private.h"

/*
 * The board: every open ticket, narrowed by search and filters, most urgent
 * first. It lives in core, not in the GTK layer, so that tests and the
 * benchmark drive exactly the model the list view shows.
 *
 * Tickets are kept sorted by due date once, at load: "time left" is due
 * minus now for every ticket alike, so the order never changes as the clock
 * runs, only the SLA states do.
 */
struct _OnsiteBoardModel
{
  GObject            parent_instance;

  OnsiteStore       *store;
  GPtrArray         *all;        /* OnsiteTicket, sorted */
  GPtrArray         *visible;    /* borrowed from @all */
  GHashTable        *by_id;      /* gint64* → OnsiteTicket, borrowed */
  char              *search;
  GArray            *search_ids; /* sorted gint64, or NULL without search */
  OnsiteBoardFilter  filter;
  gint64             now;        /* 0: the real time */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OnsiteBoardModel, onsite_board_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_SEARCH,
  PROP_NOW,
  PROP_N_TOTAL,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GType
onsite_board_model_get_item_type (GListModel *model)
{
  return ONSITE_TYPE_TICKET;
}

static guint
onsite_board_model_get_n_items (GListModel *model)
{
  return ONSITE_BOARD_MODEL (model)->visible->len;
}

static gpointer
onsite_board_model_get_item (GListModel *model,
                             guint       position)
{
  OnsiteBoardModel *self = ONSITE_BOARD_MODEL (model);

  if (position >= self->visible->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->visible, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = onsite_board_model_get_item_type;
  iface->get_n_items = onsite_board_model_get_n_items;
  iface->get_item = onsite_board_model_get_item;
}

static gint64
current_now (OnsiteBoardModel *self)
{
  return self->now > 0 ? self->now : g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
id_in_sorted (GArray *ids,
              gint64  id)
{
  guint lo = 0, hi = ids->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      gint64 v = g_array_index (ids, gint64, mid);

      if (v == id)
        return TRUE;
      if (v < id)
        lo = mid + 1;
      else
        hi = mid;
    }

  return FALSE;
}

static inline gboolean
bit_passes (guint mask,
            guint bit)
{
  return mask == 0 || (bit < 32 && (mask & (1u << bit)) != 0);
}

static gboolean
ticket_passes (OnsiteBoardModel *self,
               OnsiteTicket     *ticket,
               gint64            now)
{
  if (!bit_passes (self->filter.statuses, ticket->status) ||
      !bit_passes (self->filter.priorities, ticket->priority) ||
      !bit_passes (self->filter.levels, ticket->support_level))
    return FALSE;

  if (self->filter.sla_states != 0 &&
      !bit_passes (self->filter.sla_states,
                   onsite_sla_state_compute (ticket->created, ticket->sla_due, now)))
    return FALSE;

  if (self->search_ids != NULL && !id_in_sorted (self->search_ids, ticket->id))
    return FALSE;

  return TRUE;
}

static void
refilter (OnsiteBoardModel *self,
          gboolean          force)
{
  g_autoptr(GPtrArray) visible = NULL;
  guint old_len = self->visible->len;
  gint64 now = current_now (self);

  visible = g_ptr_array_sized_new (self->all->len);

  for (guint i = 0; i < self->all->len; i++)
    {
      OnsiteTicket *ticket = g_ptr_array_index (self->all, i);

      if (ticket_passes (self, ticket, now))
        g_ptr_array_add (visible, ticket);
    }

  if (!force && visible->len == old_len &&
      (old_len == 0 ||
       memcmp (visible->pdata, self->visible->pdata, old_len * sizeof (gpointer)) == 0))
    return;

  g_ptr_array_unref (self->visible);
  self->visible = g_steal_pointer (&visible);

  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->visible->len);
  if (old_len != self->visible->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
}

/* Most urgent first: earliest due date; no SLA last; then priority, then age. */
static int
compare_tickets (gconstpointer a,
                 gconstpointer b)
{
  OnsiteTicket *ta = *(OnsiteTicket **)a;
  OnsiteTicket *tb = *(OnsiteTicket **)b;
  gint64 da = ta->sla_due > 0 ? ta->sla_due : G_MAXINT64;
  gint64 db = tb->sla_due > 0 ? tb->sla_due : G_MAXINT64;

  if (da != db)
    return da < db ? -1 : 1;
  if (ta->priority != tb->priority)
    return ta->priority - tb->priority;
  if (ta->created != tb->created)
    return ta->created < tb->created ? -1 : 1;
  return ta->id < tb->id ? -1 : (ta->id > tb->id);
}

static void
onsite_board_model_dispose (GObject *object)
{
  OnsiteBoardModel *self = (OnsiteBoardModel *)object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (onsite_board_model_parent_class)->dispose (object);
}

static void
onsite_board_model_finalize (GObject *object)
{
  OnsiteBoardModel *self = (OnsiteBoardModel *)object;

  g_clear_pointer (&self->visible, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->all, g_ptr_array_unref);
  g_clear_pointer (&self->search_ids, g_array_unref);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (onsite_board_model_parent_class)->finalize (object);
}

static void
onsite_board_model_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OnsiteBoardModel *self = ONSITE_BOARD_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;

    case PROP_NOW:
      g_value_set_int64 (value, self->now);
      break;

    case PROP_N_TOTAL:
      g_value_set_uint (value, self->all->len);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->visible->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_board_model_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OnsiteBoardModel *self = ONSITE_BOARD_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_NOW:
      onsite_board_model_set_now (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_board_model_class_init (OnsiteBoardModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = onsite_board_model_dispose;
  object_class->finalize = onsite_board_model_finalize;
  object_class->get_property = onsite_board_model_get_property;
  object_class->set_property = onsite_board_model_set_property;

  properties [PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         ONSITE_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties [PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteBoardModel:now:
   *
   * The time SLA states are computed at, in seconds since the epoch; 0 for
   * the real time. The window bumps it every minute; tests pin it.
   */
  properties [PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_N_TOTAL] =
    g_param_spec_uint ("n-total", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onsite_board_model_init (OnsiteBoardModel *self)
{
  self->all = g_ptr_array_new_with_free_func (g_object_unref);
  self->visible = g_ptr_array_new ();
  self->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
}

/**
 * onsite_board_model_new:
 * @store: where the tickets come from
 *
 * Creates an empty board; call onsite_board_model_reload() to fill it.
 *
 * Returns: (transfer full): a new #OnsiteBoardModel
 */
OnsiteBoardModel *
onsite_board_model_new (OnsiteStore *store)
{
  g_return_val_if_fail (ONSITE_IS_STORE (store), NULL);

  return g_object_new (ONSITE_TYPE_BOARD_MODEL, "store", store, NULL);
}

OnsiteStore *
onsite_board_model_get_store (OnsiteBoardModel *self)
{
  g_return_val_if_fail (ONSITE_IS_BOARD_MODEL (self), NULL);

  return self->store;
}

static gboolean
run_search (OnsiteBoardModel  *self,
            GError           **error)
{
  g_autoptr(GArray) ids = NULL;

  if (self->search == NULL)
    {
      g_clear_pointer (&self->search_ids, g_array_unref);
      return TRUE;
    }

  if (!(ids = onsite_store_search (self->store, self->search, error)))
    return FALSE;

  g_clear_pointer (&self->search_ids, g_array_unref);
  self->search_ids = g_steal_pointer (&ids);

  return TRUE;
}

/**
 * onsite_board_model_reload:
 *
 * Reads the open tickets from the store again, keeping search and filters.
 * On failure the board keeps what it showed.
 *
 * Returns: %TRUE on success
 */
gboolean
onsite_board_model_reload (OnsiteBoardModel  *self,
                           GError           **error)
{
  g_autoptr(GPtrArray) tickets = NULL;
  guint old_total;

  g_return_val_if_fail (ONSITE_IS_BOARD_MODEL (self), FALSE);

  if (!(tickets = onsite_store_list_open_tickets (self->store, error)))
    return FALSE;

  if (!run_search (self, error))
    return FALSE;

  g_ptr_array_sort (tickets, compare_tickets);

  old_total = self->all->len;

  /* @visible borrows from @all: swap it out before @all goes. */
  g_hash_table_remove_all (self->by_id);
  for (guint i = 0; i < tickets->len; i++)
    {
      OnsiteTicket *ticket = g_ptr_array_index (tickets, i);
      g_hash_table_insert (self->by_id, &ticket->id, ticket);
    }

  {
    /* @visible still points into the old array until refilter() replaces
     * it; the tickets are new objects, so the whole range changes. */
    g_autoptr(GPtrArray) old_all = g_steal_pointer (&self->all);

    self->all = g_steal_pointer (&tickets);
    refilter (self, TRUE);
  }

  if (old_total != self->all->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_TOTAL]);

  return TRUE;
}

/**
 * onsite_board_model_set_search:
 * @self: the board
 * @text: (nullable): words to search for; %NULL or blank for none
 * @error: where to report a failed search
 *
 * Returns: %TRUE on success; on failure the previous search stays
 */
gboolean
onsite_board_model_set_search (OnsiteBoardModel  *self,
                               const char        *text,
                               GError           **error)
{
  g_autofree char *stripped = NULL;
  g_autofree char *old = NULL;

  g_return_val_if_fail (ONSITE_IS_BOARD_MODEL (self), FALSE);

  if (text != NULL)
    {
      stripped = g_strstrip (g_strdup (text));
      if (*stripped == '\0')
        g_clear_pointer (&stripped, g_free);
    }

  if (g_strcmp0 (stripped, self->search) == 0)
    return TRUE;

  old = g_steal_pointer (&self->search);
  self->search = g_steal_pointer (&stripped);

  if (!run_search (self, error))
    {
      g_free (self->search);
      self->search = g_steal_pointer (&old);
      return FALSE;
    }

  refilter (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SEARCH]);

  return TRUE;
}

const char *
onsite_board_model_get_search (OnsiteBoardModel *self)
{
  g_return_val_if_fail (ONSITE_IS_BOARD_MODEL (self), NULL);

  return self->search;
}

void
onsite_board_model_set_filter (OnsiteBoardModel        *self,
                               const OnsiteBoardFilter *filter)
{
  static const OnsiteBoardFilter none = { 0 };

  g_return_if_fail (ONSITE_IS_BOARD_MODEL (self));

  if (filter == NULL)
    filter = &none;

  if (memcmp (filter, &self->filter, sizeof *filter) == 0)
    return;

  self->filter = *filter;
  refilter (self, FALSE);
}

void
onsite_board_model_get_filter (OnsiteBoardModel  *self,
                               OnsiteBoardFilter *filter)
{
  g_return_if_fail (ONSITE_IS_BOARD_MODEL (self));
  g_return_if_fail (filter != NULL);

  *filter = self->filter;
}

void
onsite_board_model_set_now (OnsiteBoardModel *self,
                            gint64            now)
{
  g_return_if_fail (ONSITE_IS_BOARD_MODEL (self));

  if (self->now == now && now != 0)
    return;

  self->now = now;

  /* Only an SLA filter depends on the time. */
  if (self->filter.sla_states != 0)
    refilter (self, FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NOW]);
}

gint64
onsite_board_model_get_now (OnsiteBoardModel *self)
{
  g_return_val_if_fail (ONSITE_IS_BOARD_MODEL (self), 0);

  return current_now (self);
}

guint
onsite_board_model_get_n_total (OnsiteBoardModel *self)
{
  g_return_val_if_fail (ONSITE_IS_BOARD_MODEL (self), 0);

  return self->all->len;
}

/**
 * onsite_board_model_find:
 * @position: (out) (optional): where the ticket is shown
 *
 * Returns: %TRUE if the ticket is on the board and passes the filters
 */
gboolean
onsite_board_model_find (OnsiteBoardModel *self,
                         gint64            ticket_id,
                         guint            *position)
{
  OnsiteTicket *ticket;
  guint index;

  g_return_val_if_fail (ONSITE_IS_BOARD_MODEL (self), FALSE);

  if (!(ticket = g_hash_table_lookup (self->by_id, &ticket_id)))
    return FALSE;

  if (!g_ptr_array_find (self->visible, ticket, &index))
    return FALSE;

  if (position)
    *position = index;

  return TRUE;
}

/**
 * onsite_board_model_lookup:
 *
 * Returns: (transfer none) (nullable): the open ticket with that id, shown
 *   or filtered out
 */
OnsiteTicket *
onsite_board_model_lookup (OnsiteBoardModel *self,
                           gint64            ticket_id)
{
  g_return_val_if_fail (ONSITE_IS_BOARD_MODEL (self), NULL);

  return g_hash_table_lookup (self->by_id, &ticket_id);
}
