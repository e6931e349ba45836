/** What a SKILL.yaml manifest is: its published schema, semantic versions, and what holds one for review. */
@NullMarked
package io.bothub.skill.manifest;

import org.jspecify.annotations.NullMarked;
