//! Remembered devices: ConfirmDevice (with a secret made here), their status, listing and
//! forgetting, for the signed-in user (access token) and as an admin (pool and username).

use aws_sdk_cognitoidentityprovider::types::{
    DeviceRememberedStatusType, DeviceSecretVerifierConfigType, DeviceType,
};

use super::send;
use crate::CognitoClient;
use crate::device_secret;
use crate::error::{Error, ErrorKind, Result};
use crate::types::{Attribute, DateTime, Page, Single, TokenName, attributes};

/// A device as Cognito describes it (`DeviceType`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Device {
    pub device_key: Option<String>,
    pub attributes: Vec<Attribute>,
    pub create_date: Option<DateTime>,
    pub last_modified_date: Option<DateTime>,
    pub last_authenticated_date: Option<DateTime>,
}

impl From<&DeviceType> for Device {
    fn from(d: &DeviceType) -> Self {
        Device {
            device_key: d.device_key().map(str::to_owned),
            attributes: attributes(d.device_attributes()),
            create_date: d.device_create_date().copied(),
            last_modified_date: d.device_last_modified_date().copied(),
            last_authenticated_date: d.device_last_authenticated_date().copied(),
        }
    }
}

/// A device ConfirmDevice accepted: its keys, the password the app must keep (never in
/// `Debug`), and whether Cognito waits for UpdateDeviceStatus to remember it.
#[derive(Clone, PartialEq, Eq)]
pub struct ConfirmedDevice {
    pub device_key: String,
    pub device_group_key: String,
    pub device_password: String,
    pub user_confirmation_necessary: bool,
}

impl std::fmt::Debug for ConfirmedDevice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfirmedDevice")
            .field("device_key", &self.device_key)
            .field("device_group_key", &self.device_group_key)
            .field(
                "user_confirmation_necessary",
                &self.user_confirmation_necessary,
            )
            .finish_non_exhaustive()
    }
}

fn status(remembered: bool) -> DeviceRememberedStatusType {
    if remembered {
        DeviceRememberedStatusType::Remembered
    } else {
        DeviceRememberedStatusType::NotRemembered
    }
}

fn page(devices: &[DeviceType], token: Option<&str>) -> Page<Device> {
    Page {
        items: devices.iter().map(Device::from).collect(),
        next_token: token.map(str::to_owned),
        token_name: TokenName::PaginationToken,
    }
}

impl CognitoClient {
    /// ConfirmDevice for a device a sign-in returned (`NewDeviceMetadata`): makes the device's
    /// password, salt and verifier and sends the last two.
    pub async fn confirm_device(
        &self,
        access_token: String,
        device_key: String,
        device_group_key: String,
        device_name: Option<String>,
    ) -> Result<ConfirmedDevice> {
        let secret = device_secret::generate(&device_group_key, &device_key)
            .map_err(|e| Error::new(ErrorKind::Internal, "InternalError", e.0, "ConfirmDevice"))?;
        let config = DeviceSecretVerifierConfigType::builder()
            .password_verifier(secret.password_verifier)
            .salt(secret.salt)
            .build();
        let req = self
            .sdk()
            .confirm_device()
            .access_token(access_token)
            .device_key(device_key.clone())
            .device_secret_verifier_config(config)
            .set_device_name(device_name);
        let o = send!(self, "ConfirmDevice", req)?;
        Ok(ConfirmedDevice {
            device_key,
            device_group_key,
            device_password: secret.device_password,
            user_confirmation_necessary: o.user_confirmation_necessary(),
        })
    }

    pub async fn update_device_status(
        &self,
        access_token: String,
        device_key: String,
        remembered: bool,
    ) -> Result<()> {
        let req = self
            .sdk()
            .update_device_status()
            .access_token(access_token)
            .device_key(device_key)
            .device_remembered_status(status(remembered));
        send!(self, "UpdateDeviceStatus", req)?;
        Ok(())
    }

    pub async fn admin_update_device_status(
        &self,
        username: String,
        device_key: String,
        remembered: bool,
    ) -> Result<()> {
        let req = self
            .sdk()
            .admin_update_device_status()
            .user_pool_id(self.pool())
            .username(username)
            .device_key(device_key)
            .device_remembered_status(status(remembered));
        send!(self, "AdminUpdateDeviceStatus", req)?;
        Ok(())
    }

    pub async fn list_devices(
        &self,
        access_token: String,
        limit: Option<i32>,
        pagination_token: Option<String>,
    ) -> Result<Page<Device>> {
        let req = self
            .sdk()
            .list_devices()
            .access_token(access_token)
            .set_limit(limit)
            .set_pagination_token(pagination_token);
        let o = send!(self, "ListDevices", req)?;
        Ok(page(o.devices(), o.pagination_token()))
    }

    pub async fn admin_list_devices(
        &self,
        username: String,
        limit: Option<i32>,
        pagination_token: Option<String>,
    ) -> Result<Page<Device>> {
        let req = self
            .sdk()
            .admin_list_devices()
            .user_pool_id(self.pool())
            .username(username)
            .set_limit(limit)
            .set_pagination_token(pagination_token);
        let o = send!(self, "AdminListDevices", req)?;
        Ok(page(o.devices(), o.pagination_token()))
    }

    pub async fn get_device(
        &self,
        access_token: String,
        device_key: String,
    ) -> Result<Single<Device>> {
        let req = self
            .sdk()
            .get_device()
            .access_token(access_token)
            .device_key(device_key);
        let o = send!(self, "GetDevice", req)?;
        Ok(Single(o.device().map(Device::from)))
    }

    pub async fn admin_get_device(
        &self,
        username: String,
        device_key: String,
    ) -> Result<Single<Device>> {
        let req = self
            .sdk()
            .admin_get_device()
            .user_pool_id(self.pool())
            .username(username)
            .device_key(device_key);
        let o = send!(self, "AdminGetDevice", req)?;
        Ok(Single(o.device().map(Device::from)))
    }

    pub async fn forget_device(&self, access_token: String, device_key: String) -> Result<()> {
        let req = self
            .sdk()
            .forget_device()
            .access_token(access_token)
            .device_key(device_key);
        send!(self, "ForgetDevice", req)?;
        Ok(())
    }

    pub async fn admin_forget_device(&self, username: String, device_key: String) -> Result<()> {
        let req = self
            .sdk()
            .admin_forget_device()
            .user_pool_id(self.pool())
            .username(username)
            .device_key(device_key);
        send!(self, "AdminForgetDevice", req)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_lists_page_with_pagination_token_and_status_maps_to_cognitos_words() {
        let device = DeviceType::builder().device_key("us-east-1_abc").build();
        let p = page(&[device], Some("next"));
        assert_eq!(p.token_name, TokenName::PaginationToken);
        assert_eq!(p.next_token.as_deref(), Some("next"));
        assert_eq!(p.items[0].device_key.as_deref(), Some("us-east-1_abc"));
        assert_eq!(status(true).as_str(), "remembered");
        assert_eq!(status(false).as_str(), "not_remembered");
    }

    #[test]
    fn a_confirmed_device_never_shows_its_password() {
        let confirmed = ConfirmedDevice {
            device_key: "us-east-1_abc".into(),
            device_group_key: "-grp".into(),
            device_password: "c2VjcmV0".into(),
            user_confirmation_necessary: true,
        };
        let shown = format!("{confirmed:?}");
        assert!(
            shown.contains("us-east-1_abc") && !shown.contains("c2VjcmV0"),
            "{shown}"
        );
    }
}
