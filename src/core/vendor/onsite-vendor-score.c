/* onsite-vendor-score.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-vendor-score"

#include "config.h"

#include "onsite-store-vendor.h"
#include "onsite-vendor-score.h"

/*
 * A vendor's scorecard over a period: the cases sent to it in the period,
 * how long it took to answer and to fix them (medians, wall-clock time from
 * sending), and the share of cases that kept every contract time.
 *
 * A case counts towards the share once it is decided: it missed a time
 * (answered or fixed late, or still not answered or fixed after the due
 * date), or it is over (resolved, returned, rejected) without missing one.
 * Cases without a contract have no times and do not count. A rejection
 * answers the case, on time or not.
 */

struct _OnsiteVendorScore
{
  GObject  parent_instance;

  gint64   vendor_id;
  char    *vendor_name;
  guint    handoffs;
  guint    acknowledged;
  guint    resolved;
  guint    rejected;
  gint64   median_acknowledge;
  gint64   median_resolve;
  guint    within_contract;
  guint    decided;
};

G_DEFINE_FINAL_TYPE (OnsiteVendorScore, onsite_vendor_score, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_VENDOR_ID,
  PROP_VENDOR_NAME,
  PROP_HANDOFFS,
  PROP_ACKNOWLEDGED,
  PROP_RESOLVED,
  PROP_REJECTED,
  PROP_MEDIAN_ACKNOWLEDGE,
  PROP_MEDIAN_RESOLVE,
  PROP_WITHIN_CONTRACT,
  PROP_DECIDED,
  PROP_SHARE_WITHIN,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
onsite_vendor_score_finalize (GObject *object)
{
  OnsiteVendorScore *self = (OnsiteVendorScore *)object;

  g_free (self->vendor_name);

  G_OBJECT_CLASS (onsite_vendor_score_parent_class)->finalize (object);
}

static void
onsite_vendor_score_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OnsiteVendorScore *self = ONSITE_VENDOR_SCORE (object);

  switch (prop_id)
    {
    case PROP_VENDOR_ID:
      g_value_set_int64 (value, self->vendor_id);
      break;
    case PROP_VENDOR_NAME:
      g_value_set_string (value, self->vendor_name);
      break;
    case PROP_HANDOFFS:
      g_value_set_uint (value, self->handoffs);
      break;
    case PROP_ACKNOWLEDGED:
      g_value_set_uint (value, self->acknowledged);
      break;
    case PROP_RESOLVED:
      g_value_set_uint (value, self->resolved);
      break;
    case PROP_REJECTED:
      g_value_set_uint (value, self->rejected);
      break;
    case PROP_MEDIAN_ACKNOWLEDGE:
      g_value_set_int64 (value, self->median_acknowledge);
      break;
    case PROP_MEDIAN_RESOLVE:
      g_value_set_int64 (value, self->median_resolve);
      break;
    case PROP_WITHIN_CONTRACT:
      g_value_set_uint (value, self->within_contract);
      break;
    case PROP_DECIDED:
      g_value_set_uint (value, self->decided);
      break;
    case PROP_SHARE_WITHIN:
      g_value_set_double (value, onsite_vendor_score_get_share_within (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_vendor_score_class_init (OnsiteVendorScoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = onsite_vendor_score_finalize;
  object_class->get_property = onsite_vendor_score_get_property;

  properties [PROP_VENDOR_ID] = g_param_spec_int64 ("vendor-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties [PROP_VENDOR_NAME] = g_param_spec_string ("vendor-name", NULL, NULL, NULL, flags);
  properties [PROP_HANDOFFS] = g_param_spec_uint ("handoffs", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties [PROP_ACKNOWLEDGED] = g_param_spec_uint ("acknowledged", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties [PROP_RESOLVED] = g_param_spec_uint ("resolved", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties [PROP_REJECTED] = g_param_spec_uint ("rejected", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties [PROP_MEDIAN_ACKNOWLEDGE] = g_param_spec_int64 ("median-acknowledge", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties [PROP_MEDIAN_RESOLVE] = g_param_spec_int64 ("median-resolve", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties [PROP_WITHIN_CONTRACT] = g_param_spec_uint ("within-contract", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties [PROP_DECIDED] = g_param_spec_uint ("decided", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties [PROP_SHARE_WITHIN] = g_param_spec_double ("share-within", NULL, NULL, -1, 1, -1, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onsite_vendor_score_init (OnsiteVendorScore *self)
{
  self->median_acknowledge = -1;
  self->median_resolve = -1;
}

/**
 * onsite_vendor_score_compute:
 * @handoffs: (element-type OnsiteHandoff): the cases to score; those of
 *   other vendors are skipped
 * @now: the present, for cases still waiting past a due date
 *
 * Returns: (transfer full): the score
 */
OnsiteVendorScore *
onsite_vendor_score_compute (GPtrArray  *handoffs,
                             gint64      vendor_id,
                             const char *vendor_name,
                             gint64      now)
{
  OnsiteVendorScore *self = g_object_new (ONSITE_TYPE_VENDOR_SCORE, NULL);
  g_autoptr(GArray) ack = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) fix = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (handoffs != NULL, self);

  self->vendor_id = vendor_id;
  self->vendor_name = g_strdup (vendor_name);

  for (guint i = 0; i < handoffs->len; i++)
    {
      OnsiteHandoff *h = g_ptr_array_index (handoffs, i);
      OnsiteHandoffState state = onsite_handoff_get_state (h);
      gint64 sent = onsite_handoff_get_sent_at (h);
      gint64 acked = onsite_handoff_get_acknowledged_at (h);
      gint64 resolved = onsite_handoff_get_resolved_at (h);
      gint64 ack_due = onsite_handoff_get_acknowledge_due (h);
      gint64 resolve_due = onsite_handoff_get_resolve_due (h);
      gint64 answered;
      gboolean missed = FALSE;

      if (onsite_handoff_get_vendor_id (h) != vendor_id)
        continue;

      self->handoffs++;

      if (acked > 0)
        {
          gint64 d = acked - sent;

          self->acknowledged++;
          g_array_append_val (ack, d);
        }
      if (resolved > 0)
        {
          gint64 d = resolved - sent;

          self->resolved++;
          g_array_append_val (fix, d);
        }
      if (state == ONSITE_HANDOFF_REJECTED)
        self->rejected++;

      if (ack_due <= 0 || resolve_due <= 0)
        continue;

      answered = acked > 0 ? acked
                           : state == ONSITE_HANDOFF_REJECTED ? onsite_handoff_get_closed_at (h) : 0;

      if (answered > 0 ? answered > ack_due : now > ack_due)
        missed = TRUE;
      if (resolved > 0 ? resolved > resolve_due
                       : onsite_handoff_state_waits_on_vendor (state) && now > resolve_due)
        missed = TRUE;

      if (missed)
        self->decided++;
      else if (!onsite_handoff_state_waits_on_vendor (state))
        {
          self->decided++;
          self->within_contract++;
        }
    }

  self->median_acknowledge = onsite_median_seconds ((gint64 *)(gpointer)ack->data, ack->len);
  self->median_resolve = onsite_median_seconds ((gint64 *)(gpointer)fix->data, fix->len);

  return self;
}

gint64
onsite_vendor_score_get_vendor_id (OnsiteVendorScore *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_SCORE (self), 0);
  return self->vendor_id;
}

const char *
onsite_vendor_score_get_vendor_name (OnsiteVendorScore *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_SCORE (self), NULL);
  return self->vendor_name;
}

guint
onsite_vendor_score_get_handoffs (OnsiteVendorScore *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_SCORE (self), 0);
  return self->handoffs;
}

guint
onsite_vendor_score_get_acknowledged (OnsiteVendorScore *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_SCORE (self), 0);
  return self->acknowledged;
}

guint
onsite_vendor_score_get_resolved (OnsiteVendorScore *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_SCORE (self), 0);
  return self->resolved;
}

guint
onsite_vendor_score_get_rejected (OnsiteVendorScore *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_SCORE (self), 0);
  return self->rejected;
}

/* Seconds from sending to the vendor's answer; -1 when no case was answered. */
gint64
onsite_vendor_score_get_median_acknowledge (OnsiteVendorScore *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_SCORE (self), -1);
  return self->median_acknowledge;
}

/* Seconds from sending to the vendor's fix; -1 when no case was fixed. */
gint64
onsite_vendor_score_get_median_resolve (OnsiteVendorScore *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_SCORE (self), -1);
  return self->median_resolve;
}

guint
onsite_vendor_score_get_within_contract (OnsiteVendorScore *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_SCORE (self), 0);
  return self->within_contract;
}

guint
onsite_vendor_score_get_decided (OnsiteVendorScore *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_SCORE (self), 0);
  return self->decided;
}

/* Between 0 and 1; -1 when no case is decided yet. */
double
onsite_vendor_score_get_share_within (OnsiteVendorScore *self)
{
  g_return_val_if_fail (ONSITE_IS_VENDOR_SCORE (self), -1);

  if (self->decided == 0)
    return -1;

  return (double)self->within_contract / self->decided;
}

static int
compare_scores (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  OnsiteVendorScore *sa = (OnsiteVendorScore *)a;
  OnsiteVendorScore *sb = (OnsiteVendorScore *)b;
  int cmp = g_utf8_collate (sa->vendor_name, sb->vendor_name);

  if (cmp != 0)
    return cmp;

  return (sa->vendor_id > sb->vendor_id) - (sa->vendor_id < sb->vendor_id);
}

/**
 * onsite_store_vendor_scorecard:
 * @from: the period's start, unix seconds
 * @to: its end (excluded)
 * @now: the present
 *
 * One score per vendor that was sent a case in [@from, @to), by name.
 *
 * Returns: (transfer full): a list of #OnsiteVendorScore, or %NULL with
 *   @error set
 */
GListModel *
onsite_store_vendor_scorecard (OnsiteStore  *store,
                               gint64        from,
                               gint64        to,
                               gint64        now,
                               GError      **error)
{
  g_autoptr(GListStore) scores = g_list_store_new (ONSITE_TYPE_VENDOR_SCORE);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) period = g_ptr_array_new ();
  g_autoptr(GHashTable) vendors = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (ONSITE_IS_STORE (store), NULL);

  if (!(all = onsite_store_list_handoffs (store, 0, FALSE, error)))
    return NULL;

  for (guint i = 0; i < all->len; i++)
    {
      OnsiteHandoff *h = g_ptr_array_index (all, i);
      gint64 sent = onsite_handoff_get_sent_at (h);
      gint64 vendor_id = onsite_handoff_get_vendor_id (h);

      if (sent < from || sent >= to)
        continue;

      g_ptr_array_add (period, h);
      if (!g_hash_table_contains (vendors, &vendor_id))
        g_hash_table_insert (vendors, g_memdup2 (&vendor_id, sizeof vendor_id),
                             g_strdup (onsite_handoff_get_vendor_name (h)));
    }

  g_hash_table_iter_init (&iter, vendors);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr(OnsiteVendorScore) score =
        onsite_vendor_score_compute (period, *(gint64 *)key, value, now);

      g_list_store_append (scores, score);
    }

  g_list_store_sort (scores, compare_scores, NULL);

  return G_LIST_MODEL (g_steal_pointer (&scores));
}

/* Midnight of @year-@month-01 in @tz; months past December roll over. */
static gint64
month_start (GTimeZone *tz,
             int        year,
             int        month)
{
  g_autoptr(GDateTime) dt = NULL;

  while (month > 12)
    {
      month -= 12;
      year++;
    }
  while (month < 1)
    {
      month += 12;
      year--;
    }

  dt = g_date_time_new (tz, year, month, 1, 0, 0, 0);

  return g_date_time_to_unix (dt);
}

/**
 * onsite_score_period_get_range:
 * @now: the present
 * @tz: (nullable): where months begin; %NULL for the local time zone
 * @from: (out): the first second of the period
 * @to: (out): the first second after it
 *
 * The cases sent in [@from, @to) make up @period's scorecard. A rolling
 * window ends just after @now; a calendar period runs from its first
 * midnight to the next period's, so "this month" includes days to come
 * and "last quarter" is three whole months, whatever their lengths and
 * daylight saving changes.
 */
void
onsite_score_period_get_range (OnsiteScorePeriod  period,
                               gint64             now,
                               GTimeZone         *tz,
                               gint64            *from,
                               gint64            *to)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;
  int year, month, quarter_month;

  g_return_if_fail (period < ONSITE_N_SCORE_PERIODS);
  g_return_if_fail (from != NULL && to != NULL);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  utc = g_date_time_new_from_unix_utc (now);
  dt = g_date_time_to_timezone (utc, tz);
  year = g_date_time_get_year (dt);
  month = g_date_time_get_month (dt);
  quarter_month = month - (month - 1) % 3;

  switch (period)
    {
    case ONSITE_SCORE_PERIOD_LAST_30_DAYS:
    case ONSITE_SCORE_PERIOD_LAST_90_DAYS:
    case ONSITE_SCORE_PERIOD_LAST_365_DAYS:
      {
        static const int days[] = { 30, 90, 365 };

        *from = now - (gint64)days[period - ONSITE_SCORE_PERIOD_LAST_30_DAYS] * 86400;
        *to = now + 1;
      }
      break;
    case ONSITE_SCORE_PERIOD_THIS_MONTH:
      *from = month_start (tz, year, month);
      *to = month_start (tz, year, month + 1);
      break;
    case ONSITE_SCORE_PERIOD_LAST_MONTH:
      *from = month_start (tz, year, month - 1);
      *to = month_start (tz, year, month);
      break;
    case ONSITE_SCORE_PERIOD_THIS_QUARTER:
      *from = month_start (tz, year, quarter_month);
      *to = month_start (tz, year, quarter_month + 3);
      break;
    case ONSITE_SCORE_PERIOD_LAST_QUARTER:
      *from = month_start (tz, year, quarter_month - 3);
      *to = month_start (tz, year, quarter_month);
      break;
    case ONSITE_SCORE_PERIOD_THIS_YEAR:
      *from = month_start (tz, year, 1);
      *to = month_start (tz, year + 1, 1);
      break;
    case ONSITE_SCORE_PERIOD_LAST_YEAR:
      *from = month_start (tz, year - 1, 1);
      *to = month_start (tz, year, 1);
      break;
    case ONSITE_N_SCORE_PERIODS:
    default:
      g_assert_not_reached ();
    }
}
