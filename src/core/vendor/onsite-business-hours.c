/* onsite-business-hours.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-business-hours"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "onsite-business-hours.h"

/*
 * A contract's business hours: for each weekday, the stretches of local
 * wall-clock time when the vendor's clock runs, and the days it does not
 * run at all. Times are counted in real seconds inside those stretches, so
 * that a night on which the clocks change is an hour shorter or longer,
 * as it is for the people waiting.
 */

typedef struct
{
  guint16 start;   /* minutes after local midnight */
  guint16 end;     /* up to 1440 */
} Range;

typedef struct
{
  guint16 year;    /* 0: every year */
  guint8  month;
  guint8  day;
} Holiday;

struct _OnsiteBusinessHours
{
  gatomicrefcount  ref_count;
  GArray          *days[8];   /* [1] Monday … [7] Sunday, sorted, merged */
  GArray          *holidays;
};

G_DEFINE_BOXED_TYPE (OnsiteBusinessHours, onsite_business_hours,
                     onsite_business_hours_ref, onsite_business_hours_unref)

/* Ten years: enough for any contract, and a bound on a calendar of holidays. */
#define MAX_DAYS 3660

static const char * const day_names[8] = {
  NULL, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

static const char * const day_abbrevs[8] = {
  NULL, "mon", "tue", "wed", "thu", "fri", "sat", "sun",
};

OnsiteBusinessHours *
onsite_business_hours_ref (OnsiteBusinessHours *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
onsite_business_hours_unref (OnsiteBusinessHours *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      for (guint i = 1; i <= 7; i++)
        g_array_unref (self->days[i]);
      g_array_unref (self->holidays);
      g_free (self);
    }
}

static OnsiteBusinessHours *
business_hours_new (void)
{
  OnsiteBusinessHours *self = g_new0 (OnsiteBusinessHours, 1);

  g_atomic_ref_count_init (&self->ref_count);
  for (guint i = 1; i <= 7; i++)
    self->days[i] = g_array_new (FALSE, FALSE, sizeof (Range));
  self->holidays = g_array_new (FALSE, FALSE, sizeof (Holiday));

  return self;
}

static int
parse_day (const char *word)
{
  gsize len = strlen (word);

  if (len < 2)
    return 0;

  for (guint i = 1; i <= 7; i++)
    if (g_ascii_strncasecmp (word, day_names[i], len) == 0 && len <= strlen (day_names[i]))
      return i;

  return 0;
}

static gboolean
parse_days (const char  *hours,
            const char  *spec,
            gboolean     days[8],
            GError     **error)
{
  g_auto(GStrv) items = g_strsplit (spec, ",", -1);
  gboolean any = FALSE;

  for (guint i = 0; items[i]; i++)
    {
      g_autofree char *item = g_strstrip (g_strdup (items[i]));
      g_auto(GStrv) ends = NULL;
      int first, last;

      if (*item == '\0')
        continue;

      ends = g_strsplit (item, "-", 2);
      g_strstrip (ends[0]);
      first = parse_day (ends[0]);
      last = ends[1] ? parse_day (g_strstrip (ends[1])) : first;

      if (first == 0 || last == 0)
        {
          g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_INVALID_HOURS,
                       /* Translators: the first %s is the business hours as typed, the second the part at fault */
                       _("Business hours “%s”: “%s” is not a day; use mon, tue, wed, thu, fri, sat, sun or a range such as mon-fri."),
                       hours, item);
          return FALSE;
        }

      /* fri-mon runs over the weekend. */
      for (int d = first;; d = d % 7 + 1)
        {
          days[d] = TRUE;
          if (d == last)
            break;
        }
      any = TRUE;
    }

  if (!any)
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_INVALID_HOURS,
                   _("Business hours “%s”: each part must start with the days it applies to, as in “mon-fri 08:00-18:00”."),
                   hours);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_clock (const char *text,
             guint      *minutes)
{
  guint h = 0, m = 0;
  const char *p = text;
  int digits = 0;

  while (g_ascii_isdigit (*p) && digits < 2)
    h = h * 10 + (*p++ - '0'), digits++;
  if (digits == 0)
    return FALSE;

  if (*p == ':' || *p == '.')
    {
      p++;
      if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
        return FALSE;
      m = (p[0] - '0') * 10 + (p[1] - '0');
      p += 2;
    }

  if (*p != '\0' || m > 59 || h > 24 || (h == 24 && m != 0))
    return FALSE;

  *minutes = h * 60 + m;
  return TRUE;
}

static gboolean
parse_range (const char  *hours,
             const char  *text,
             Range       *range,
             GError     **error)
{
  g_auto(GStrv) ends = g_strsplit (text, "-", 2);
  guint start, end;

  if (ends[0] == NULL || ends[1] == NULL ||
      !parse_clock (g_strstrip (ends[0]), &start) ||
      !parse_clock (g_strstrip (ends[1]), &end))
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_INVALID_HOURS,
                   _("Business hours “%s”: “%s” is not a time range; write it as 08:00-18:00."),
                   hours, text);
      return FALSE;
    }

  if (end <= start)
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_INVALID_HOURS,
                   _("Business hours “%s”: “%s” ends before it starts; write a night as two ranges, 22:00-24:00 and 00:00-06:00 of the next day."),
                   hours, text);
      return FALSE;
    }

  range->start = start;
  range->end = end;
  return TRUE;
}

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const Range *ra = a;
  const Range *rb = b;

  return (int)ra->start - (int)rb->start;
}

static void
normalize_day (GArray *ranges)
{
  guint out = 0;

  g_array_sort (ranges, compare_ranges);

  for (guint i = 0; i < ranges->len; i++)
    {
      Range r = g_array_index (ranges, Range, i);

      if (out > 0 && r.start <= g_array_index (ranges, Range, out - 1).end)
        {
          Range *prev = &g_array_index (ranges, Range, out - 1);
          prev->end = MAX (prev->end, r.end);
        }
      else
        g_array_index (ranges, Range, out++) = r;
    }

  g_array_set_size (ranges, out);
}

static gboolean
parse_holidays (OnsiteBusinessHours  *self,
                const char           *holidays,
                GError              **error)
{
  g_auto(GStrv) words = g_strsplit_set (holidays, ",; \t\r\n|", -1);

  for (guint i = 0; words[i]; i++)
    {
      Holiday h = { 0, };
      guint y = 0, m = 0, d = 0;
      int n = 0;
      char tail;

      if (*words[i] == '\0')
        continue;

      if (sscanf (words[i], "%4u-%2u-%2u%c", &y, &m, &d, &tail) == 3 && strlen (words[i]) == 10)
        n = 3;
      else if (sscanf (words[i], "%2u-%2u%c", &m, &d, &tail) == 2 && strlen (words[i]) == 5)
        n = 2, y = 0;

      /* 2000 was a leap year: 02-29 is a valid yearly holiday. */
      if (n == 0 || !g_date_valid_dmy (d, m, y ? y : 2000) || (n == 3 && y < 1900))
        {
          g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_INVALID_HOLIDAYS,
                       _("Holidays: “%s” is not a date; write 2026-12-25 for one day, or 12-25 for every year."),
                       words[i]);
          return FALSE;
        }

      h.year = y;
      h.month = m;
      h.day = d;
      g_array_append_val (self->holidays, h);
    }

  return TRUE;
}

/**
 * onsite_business_hours_parse:
 * @hours: e.g. "mon-fri 08:00-12:30, 13:30-18:00; sat 09:00-12:00", or
 *   "24/7"; parts are separated by ";" or new lines, and each starts with
 *   its days (a day, a range of days, or several separated by commas)
 * @holidays: (nullable): dates on which the clock does not run, separated
 *   by commas, semicolons or spaces: "2026-12-25" for one day, "12-25" for
 *   every year
 * @error: where to say what is wrong, quoting the part at fault
 *
 * Returns: (transfer full): the business hours, or %NULL with @error set
 */
OnsiteBusinessHours *
onsite_business_hours_parse (const char  *hours,
                             const char  *holidays,
                             GError     **error)
{
  g_autoptr(OnsiteBusinessHours) self = business_hours_new ();
  g_auto(GStrv) clauses = NULL;
  gboolean any = FALSE;

  g_return_val_if_fail (hours != NULL, NULL);

  clauses = g_strsplit_set (hours, ";\n", -1);

  for (guint c = 0; clauses[c]; c++)
    {
      g_autofree char *clause = g_strstrip (g_strdup (clauses[c]));
      g_autofree char *spec = NULL;
      g_auto(GStrv) ranges = NULL;
      gboolean days[8] = { FALSE, };
      const char *p;

      if (*clause == '\0')
        continue;

      if (g_ascii_strcasecmp (clause, "24/7") == 0)
        {
          for (guint d = 1; d <= 7; d++)
            {
              Range all = { 0, 24 * 60 };
              g_array_append_val (self->days[d], all);
            }
          any = TRUE;
          continue;
        }

      for (p = clause; *p && !g_ascii_isdigit (*p); p++)
        ;

      spec = g_strndup (clause, p - clause);
      if (!parse_days (hours, spec, days, error))
        return NULL;

      ranges = g_strsplit_set (p, ", \t", -1);
      for (guint r = 0; ranges[r]; r++)
        {
          Range range;

          if (*ranges[r] == '\0')
            continue;
          if (!parse_range (hours, ranges[r], &range, error))
            return NULL;
          for (guint d = 1; d <= 7; d++)
            {
              if (days[d])
                {
                  g_array_append_val (self->days[d], range);
                  any = TRUE;
                }
            }
        }
    }

  if (!any)
    {
      g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_INVALID_HOURS,
                   _("Business hours “%s” have no time in them; write them as “mon-fri 08:00-18:00”."),
                   hours);
      return NULL;
    }

  for (guint d = 1; d <= 7; d++)
    normalize_day (self->days[d]);

  if (holidays != NULL && !parse_holidays (self, holidays, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
onsite_business_hours_is_holiday (OnsiteBusinessHours *self,
                                  int                  year,
                                  int                  month,
                                  int                  day)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->holidays->len; i++)
    {
      const Holiday *h = &g_array_index (self->holidays, Holiday, i);

      if (h->month == month && h->day == day && (h->year == 0 || h->year == year))
        return TRUE;
    }

  return FALSE;
}

static gint64
local_to_unix (GTimeZone   *tz,
               const GDate *date,
               guint        minute)
{
  g_autoptr(GDateTime) dt = NULL;
  GDate d = *date;

  if (minute >= 24 * 60)
    {
      g_date_add_days (&d, 1);
      minute = 0;
    }

  /* A time skipped when the clocks go forward is moved past the gap. */
  dt = g_date_time_new (tz, g_date_get_year (&d), g_date_get_month (&d), g_date_get_day (&d),
                        minute / 60, minute % 60, 0);

  return g_date_time_to_unix (dt);
}

static void
local_date (GTimeZone *tz,
            gint64     at,
            GDate     *date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
}

/*
 * Calls @func on each business stretch [start, end) of the local days from
 * the one holding @from onwards, until it returns FALSE or MAX_DAYS pass.
 */
typedef gboolean (*StretchFunc) (gint64 start, gint64 end, gpointer data);

static gboolean
foreach_stretch (OnsiteBusinessHours *self,
                 GTimeZone           *tz,
                 gint64               from,
                 StretchFunc          func,
                 gpointer             data)
{
  GDate date;

  local_date (tz, from, &date);

  for (guint n = 0; n < MAX_DAYS; n++, g_date_add_days (&date, 1))
    {
      GArray *ranges = self->days[g_date_get_weekday (&date)];

      if (onsite_business_hours_is_holiday (self, g_date_get_year (&date),
                                            g_date_get_month (&date),
                                            g_date_get_day (&date)))
        continue;

      for (guint i = 0; i < ranges->len; i++)
        {
          const Range *r = &g_array_index (ranges, Range, i);
          gint64 start = local_to_unix (tz, &date, r->start);
          gint64 end = local_to_unix (tz, &date, r->end);

          if (end <= start || end <= from)
            continue;
          if (!func (MAX (start, from), end, data))
            return TRUE;
        }
    }

  return FALSE;
}

typedef struct
{
  gint64 remaining;
  gint64 result;
} AddData;

static gboolean
add_stretch (gint64   start,
             gint64   end,
             gpointer data)
{
  AddData *add = data;

  if (end - start >= add->remaining)
    {
      add->result = start + add->remaining;
      return FALSE;
    }

  add->remaining -= end - start;
  return TRUE;
}

/**
 * onsite_business_hours_add_minutes:
 * @tz: the time zone of the business hours
 * @start: when the clock starts, unix seconds; may be outside business hours
 * @minutes: how many minutes of business time to count
 *
 * The moment by which @minutes of business time have passed after @start:
 * a contract's response or resolution due date. Nights, closed days and
 * holidays do not count; a day on which the clocks change counts the real
 * time it has.
 *
 * Returns: the due date in unix seconds, or 0 if the business hours hold
 *   no time at all within the next ten years
 */
gint64
onsite_business_hours_add_minutes (OnsiteBusinessHours *self,
                                   GTimeZone           *tz,
                                   gint64               start,
                                   gint64               minutes)
{
  AddData add = { minutes * 60, 0 };

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (tz != NULL, 0);

  if (minutes <= 0)
    return start;

  if (!foreach_stretch (self, tz, start, add_stretch, &add))
    return 0;

  return add.result;
}

typedef struct
{
  gint64 to;
  gint64 total;
} BetweenData;

static gboolean
between_stretch (gint64   start,
                 gint64   end,
                 gpointer data)
{
  BetweenData *between = data;

  if (start >= between->to)
    return FALSE;

  between->total += MIN (end, between->to) - start;
  return TRUE;
}

/**
 * onsite_business_hours_seconds_between:
 *
 * Returns: how many seconds of business time lie between @from and @to;
 *   0 if @to is not after @from
 */
gint64
onsite_business_hours_seconds_between (OnsiteBusinessHours *self,
                                       GTimeZone           *tz,
                                       gint64               from,
                                       gint64               to)
{
  BetweenData between = { to, 0 };

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (tz != NULL, 0);

  if (to <= from)
    return 0;

  foreach_stretch (self, tz, from, between_stretch, &between);

  return between.total;
}

/**
 * onsite_business_hours_contains:
 *
 * Returns: whether the vendor's clock runs at @at
 */
gboolean
onsite_business_hours_contains (OnsiteBusinessHours *self,
                                GTimeZone           *tz,
                                gint64               at)
{
  return onsite_business_hours_seconds_between (self, tz, at, at + 1) > 0;
}

static gboolean
same_ranges (GArray *a,
             GArray *b)
{
  return a->len == b->len &&
         (a->len == 0 || memcmp (a->data, b->data, a->len * sizeof (Range)) == 0);
}

/**
 * onsite_business_hours_to_string:
 *
 * Returns: (transfer full): the hours in the form they are parsed from,
 *   with days of equal hours grouped: "mon-fri 08:00-18:00; sat 09:00-12:00"
 */
char *
onsite_business_hours_to_string (OnsiteBusinessHours *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint d = 1; d <= 7;)
    {
      GArray *ranges = self->days[d];
      guint last = d;

      while (last < 7 && same_ranges (ranges, self->days[last + 1]))
        last++;

      if (ranges->len > 0)
        {
          if (out->len > 0)
            g_string_append (out, "; ");
          g_string_append (out, day_abbrevs[d]);
          if (last != d)
            g_string_append_printf (out, "-%s", day_abbrevs[last]);
          for (guint i = 0; i < ranges->len; i++)
            {
              const Range *r = &g_array_index (ranges, Range, i);

              g_string_append_printf (out, "%s%02u:%02u-%02u:%02u", i ? ", " : " ",
                                      r->start / 60, r->start % 60, r->end / 60, r->end % 60);
            }
        }

      d = last + 1;
    }

  return g_string_free (out, FALSE);
}

/**
 * onsite_time_zone_from_id:
 * @id: (nullable): an IANA identifier such as "Europe/Rome"; empty or
 *   %NULL for the computer's own
 *
 * Returns: (transfer full): the time zone, or %NULL with
 *   %ONSITE_VENDOR_ERROR_INVALID_TIMEZONE
 */
GTimeZone *
onsite_time_zone_from_id (const char  *id,
                          GError     **error)
{
  GTimeZone *tz;

  if (id == NULL || *id == '\0')
    return g_time_zone_new_local ();

  if (!(tz = g_time_zone_new_identifier (id)))
    g_set_error (error, ONSITE_VENDOR_ERROR, ONSITE_VENDOR_ERROR_INVALID_TIMEZONE,
                 _("“%s” is not a time zone this computer knows; use a name such as Europe/Rome."),
                 id);

  return tz;
}
