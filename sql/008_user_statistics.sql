-- The seed's user_statistics (one row per user, tenant and UTC day), as a view over the hourly
-- rollup the activity writer keeps in the same transaction as the rows: always current, and no
-- second write per batch. Sessions and active minutes come with the analytics work.
CREATE VIEW user_statistics AS
SELECT user_id,
       tenant_id,
       (hour AT TIME ZONE 'UTC')::date                                        AS stat_date,
       sum(activities)                                                        AS total_activities,
       sum(activities) FILTER (WHERE activity_type = 'chat_message')          AS total_messages,
       sum(tokens)                                                            AS total_tokens,
       sum(cost)                                                              AS total_cost,
       count(DISTINCT hour)                                                   AS active_hours,
       count(DISTINCT activity_type)                                          AS activity_types
FROM user_activity_hourly
GROUP BY user_id, tenant_id, (hour AT TIME ZONE 'UTC')::date;
GRANT SELECT ON user_statistics TO :"app_role";
