package io.bothub.bot.fleet;

import java.util.List;

/** A page of a listing: the items, where they sit, and how many there are in all. */
record FleetPage<T>(List<T> items, int page, int size, long total) {
}
