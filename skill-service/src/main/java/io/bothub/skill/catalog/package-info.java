/** Skills and their versions: publishing, editing, deprecating, yanking, reviewing, searching. */
@NullMarked
package io.bothub.skill.catalog;

import org.jspecify.annotations.NullMarked;
