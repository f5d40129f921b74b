/* onsite-tech.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-tech"

#include "config.h"

#include "onsite-tech.h"

/*
 * OnsiteTech: one technician as the roster, the ranking and the timeline
 * see them: who they are, what they can do, when they work and when they
 * are away. Built by the store (onsite_store_list_techs()) or in memory by
 * tests and benchmarks.
 */
struct _OnsiteTech
{
  GObject    parent_instance;

  gint64     id;
  char      *remote_id;
  char      *name;
  char      *email;
  char      *phone;
  char      *home_address;
  double     home_latitude;
  double     home_longitude;
  GStrv      skills;
  GArray    *periods;    /* OnsiteWorkPeriod, sorted by weekday and start */
  GArray    *absences;   /* OnsiteAbsence, sorted by start */
  guint      has_home : 1;
  guint      active : 1;
};

G_DEFINE_FINAL_TYPE (OnsiteTech, onsite_tech, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_REMOTE_ID,
  PROP_NAME,
  PROP_EMAIL,
  PROP_PHONE,
  PROP_HOME_ADDRESS,
  PROP_ACTIVE,
  PROP_SKILLS,
  PROP_SKILLS_LABEL,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
clear_absence (gpointer data)
{
  OnsiteAbsence *absence = data;

  g_clear_pointer (&absence->reason, g_free);
}

static void
onsite_tech_finalize (GObject *object)
{
  OnsiteTech *self = (OnsiteTech *)object;

  g_clear_pointer (&self->remote_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->home_address, g_free);
  g_clear_pointer (&self->skills, g_strfreev);
  g_clear_pointer (&self->periods, g_array_unref);
  g_clear_pointer (&self->absences, g_array_unref);

  G_OBJECT_CLASS (onsite_tech_parent_class)->finalize (object);
}

static void
onsite_tech_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  OnsiteTech *self = ONSITE_TECH (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_REMOTE_ID:
      g_value_set_string (value, self->remote_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;

    case PROP_HOME_ADDRESS:
      g_value_set_string (value, self->home_address);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    case PROP_SKILLS:
      g_value_set_boxed (value, self->skills);
      break;

    case PROP_SKILLS_LABEL:
      g_value_take_string (value, onsite_tech_dup_skills_label (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_tech_class_init (OnsiteTechClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = onsite_tech_finalize;
  object_class->get_property = onsite_tech_get_property;

  properties [PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties [PROP_REMOTE_ID] =
    g_param_spec_string ("remote-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_HOME_ADDRESS] =
    g_param_spec_string ("home-address", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_SKILLS] =
    g_param_spec_boxed ("skills", NULL, NULL, G_TYPE_STRV,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* "cabling, network, printer": for a roster row. */
  properties [PROP_SKILLS_LABEL] =
    g_param_spec_string ("skills-label", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onsite_tech_init (OnsiteTech *self)
{
  self->active = TRUE;
  self->skills = g_new0 (char *, 1);
  self->periods = g_array_new (FALSE, FALSE, sizeof (OnsiteWorkPeriod));
  self->absences = g_array_new (FALSE, FALSE, sizeof (OnsiteAbsence));
  g_array_set_clear_func (self->absences, clear_absence);
}

/**
 * onsite_tech_new:
 * @id: the store's id (any positive number for one made in memory)
 * @name: the name people know the technician by
 *
 * Returns: (transfer full): a technician with no skills, no hours and no
 *   home base
 */
OnsiteTech *
onsite_tech_new (gint64      id,
                 const char *name)
{
  OnsiteTech *self = g_object_new (ONSITE_TYPE_TECH, NULL);

  self->id = id;
  self->name = g_strdup (name ? name : "");

  return self;
}

gint64
onsite_tech_get_id (OnsiteTech *self)
{
  g_return_val_if_fail (ONSITE_IS_TECH (self), 0);

  return self->id;
}

static void
set_string (OnsiteTech  *self,
            char       **field,
            const char  *value,
            int          prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
onsite_tech_get_remote_id (OnsiteTech *self)
{
  g_return_val_if_fail (ONSITE_IS_TECH (self), NULL);

  return self->remote_id;
}

void
onsite_tech_set_remote_id (OnsiteTech *self,
                           const char *remote_id)
{
  g_return_if_fail (ONSITE_IS_TECH (self));

  set_string (self, &self->remote_id, remote_id, PROP_REMOTE_ID);
}

const char *
onsite_tech_get_name (OnsiteTech *self)
{
  g_return_val_if_fail (ONSITE_IS_TECH (self), NULL);

  return self->name;
}

void
onsite_tech_set_name (OnsiteTech *self,
                      const char *name)
{
  g_return_if_fail (ONSITE_IS_TECH (self));

  set_string (self, &self->name, name ? name : "", PROP_NAME);
}

const char *
onsite_tech_get_email (OnsiteTech *self)
{
  g_return_val_if_fail (ONSITE_IS_TECH (self), NULL);

  return self->email ? self->email : "";
}

void
onsite_tech_set_email (OnsiteTech *self,
                       const char *email)
{
  g_return_if_fail (ONSITE_IS_TECH (self));

  set_string (self, &self->email, email, PROP_EMAIL);
}

const char *
onsite_tech_get_phone (OnsiteTech *self)
{
  g_return_val_if_fail (ONSITE_IS_TECH (self), NULL);

  return self->phone ? self->phone : "";
}

void
onsite_tech_set_phone (OnsiteTech *self,
                       const char *phone)
{
  g_return_if_fail (ONSITE_IS_TECH (self));

  set_string (self, &self->phone, phone, PROP_PHONE);
}

const char *
onsite_tech_get_home_address (OnsiteTech *self)
{
  g_return_val_if_fail (ONSITE_IS_TECH (self), NULL);

  return self->home_address ? self->home_address : "";
}

/**
 * onsite_tech_get_home:
 * @latitude: (out) (optional): where the home base is
 * @longitude: (out) (optional): where the home base is
 *
 * Returns: whether the home base has a known location
 */
gboolean
onsite_tech_get_home (OnsiteTech *self,
                      double     *latitude,
                      double     *longitude)
{
  g_return_val_if_fail (ONSITE_IS_TECH (self), FALSE);

  if (latitude)
    *latitude = self->has_home ? self->home_latitude : 0.0;
  if (longitude)
    *longitude = self->has_home ? self->home_longitude : 0.0;

  return self->has_home;
}

void
onsite_tech_set_home (OnsiteTech *self,
                      const char *address,
                      gboolean    has_location,
                      double      latitude,
                      double      longitude)
{
  g_return_if_fail (ONSITE_IS_TECH (self));

  set_string (self, &self->home_address, address, PROP_HOME_ADDRESS);
  self->has_home = !!has_location;
  self->home_latitude = has_location ? latitude : 0.0;
  self->home_longitude = has_location ? longitude : 0.0;
}

gboolean
onsite_tech_get_active (OnsiteTech *self)
{
  g_return_val_if_fail (ONSITE_IS_TECH (self), FALSE);

  return self->active;
}

void
onsite_tech_set_active (OnsiteTech *self,
                        gboolean    active)
{
  g_return_if_fail (ONSITE_IS_TECH (self));

  active = !!active;
  if (self->active == (guint)active)
    return;

  self->active = active;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/**
 * onsite_tech_get_skills:
 *
 * Returns: (transfer none) (array zero-terminated=1): the skills, sorted
 */
const char * const *
onsite_tech_get_skills (OnsiteTech *self)
{
  g_return_val_if_fail (ONSITE_IS_TECH (self), NULL);

  return (const char * const *)self->skills;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

void
onsite_tech_set_skills (OnsiteTech         *self,
                        const char * const *skills)
{
  g_autoptr(GPtrArray) sorted = NULL;

  g_return_if_fail (ONSITE_IS_TECH (self));

  sorted = g_ptr_array_new ();
  for (guint i = 0; skills && skills[i]; i++)
    {
      if (*skills[i] != '\0' && !g_ptr_array_find_with_equal_func (sorted, skills[i], g_str_equal, NULL))
        g_ptr_array_add (sorted, g_strdup (skills[i]));
    }
  g_ptr_array_sort (sorted, compare_strings);
  g_ptr_array_add (sorted, NULL);

  g_strfreev (self->skills);
  self->skills = (GStrv)g_ptr_array_free (g_steal_pointer (&sorted), FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKILLS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SKILLS_LABEL]);
}

gboolean
onsite_tech_has_skill (OnsiteTech *self,
                       const char *skill)
{
  g_return_val_if_fail (ONSITE_IS_TECH (self), FALSE);
  g_return_val_if_fail (skill != NULL, FALSE);

  return g_strv_contains ((const char * const *)self->skills, skill);
}

/**
 * onsite_tech_dup_skills_label:
 *
 * Returns: (transfer full): the skills as "cabling, network, printer", or ""
 */
char *
onsite_tech_dup_skills_label (OnsiteTech *self)
{
  g_return_val_if_fail (ONSITE_IS_TECH (self), NULL);

  return g_strjoinv (", ", self->skills);
}

/**
 * onsite_tech_get_owner_name:
 *
 * The name that makes this technician the owner of a ticket at the ticket
 * service: the service's user name when the technician came from it, else
 * the e-mail address (Request Tracker accepts either), else "".
 *
 * Returns: (transfer none): the owner name
 */
const char *
onsite_tech_get_owner_name (OnsiteTech *self)
{
  g_return_val_if_fail (ONSITE_IS_TECH (self), NULL);

  if (self->remote_id && *self->remote_id)
    return self->remote_id;
  if (self->email && *self->email)
    return self->email;
  return "";
}

static int
compare_periods (gconstpointer a,
                 gconstpointer b)
{
  const OnsiteWorkPeriod *pa = a;
  const OnsiteWorkPeriod *pb = b;

  if (pa->weekday != pb->weekday)
    return pa->weekday < pb->weekday ? -1 : 1;
  if (pa->start_minute != pb->start_minute)
    return pa->start_minute < pb->start_minute ? -1 : 1;
  return (int)pa->end_minute - (int)pb->end_minute;
}

/**
 * onsite_tech_add_work_period:
 * @weekday: 1 = Monday … 7 = Sunday
 * @start_minute: minutes after local midnight
 * @end_minute: after @start_minute, at most 1440
 *
 * Adds a working period. Several on one day leave breaks between them.
 */
void
onsite_tech_add_work_period (OnsiteTech *self,
                             guint       weekday,
                             guint       start_minute,
                             guint       end_minute)
{
  OnsiteWorkPeriod period;

  g_return_if_fail (ONSITE_IS_TECH (self));
  g_return_if_fail (weekday >= 1 && weekday <= 7);
  g_return_if_fail (end_minute <= 24 * 60 && start_minute < end_minute);

  period.weekday = weekday;
  period.start_minute = start_minute;
  period.end_minute = end_minute;
  g_array_append_val (self->periods, period);
  g_array_sort (self->periods, compare_periods);
}

void
onsite_tech_clear_work_periods (OnsiteTech *self)
{
  g_return_if_fail (ONSITE_IS_TECH (self));

  g_array_set_size (self->periods, 0);
}

/**
 * onsite_tech_get_work_periods:
 * @n_periods: (out): how many
 *
 * Returns: (transfer none) (array length=n_periods): the weekly hours,
 *   sorted by weekday and start
 */
const OnsiteWorkPeriod *
onsite_tech_get_work_periods (OnsiteTech *self,
                              guint      *n_periods)
{
  g_return_val_if_fail (ONSITE_IS_TECH (self), NULL);
  g_return_val_if_fail (n_periods != NULL, NULL);

  *n_periods = self->periods->len;
  return (const OnsiteWorkPeriod *)(gpointer)self->periods->data;
}

static int
compare_absences (gconstpointer a,
                  gconstpointer b)
{
  const OnsiteAbsence *aa = a;
  const OnsiteAbsence *ab = b;

  if (aa->starts_at != ab->starts_at)
    return aa->starts_at < ab->starts_at ? -1 : 1;
  return aa->id < ab->id ? -1 : (aa->id > ab->id);
}

void
onsite_tech_add_absence (OnsiteTech *self,
                         gint64      id,
                         gint64      starts_at,
                         gint64      ends_at,
                         const char *reason)
{
  OnsiteAbsence absence;

  g_return_if_fail (ONSITE_IS_TECH (self));
  g_return_if_fail (ends_at > starts_at);

  absence.id = id;
  absence.starts_at = starts_at;
  absence.ends_at = ends_at;
  absence.reason = g_strdup (reason && *reason ? reason : NULL);
  g_array_append_val (self->absences, absence);
  g_array_sort (self->absences, compare_absences);
}

/**
 * onsite_tech_get_absences:
 * @n_absences: (out): how many
 *
 * Returns: (transfer none) (array length=n_absences): the absences, by start
 */
const OnsiteAbsence *
onsite_tech_get_absences (OnsiteTech *self,
                          guint      *n_absences)
{
  g_return_val_if_fail (ONSITE_IS_TECH (self), NULL);
  g_return_val_if_fail (n_absences != NULL, NULL);

  *n_absences = self->absences->len;
  return (const OnsiteAbsence *)(gpointer)self->absences->data;
}
