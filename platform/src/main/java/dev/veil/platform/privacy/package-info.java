/**
 * Protection of real phone numbers: AES-256-GCM field encryption with rotating key rings ({@link
 * dev.veil.platform.privacy.FieldCipher}), blind indexes for lookups ({@link dev.veil.platform.privacy.BlindIndex}),
 * numbers and PINs sealed inside events ({@link dev.veil.platform.privacy.PrivacyKeys#party}), and key rotation of
 * encrypted columns ({@link dev.veil.platform.privacy.KeyRotation}).
 */
package dev.veil.platform.privacy;
