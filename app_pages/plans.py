import streamlit as st
st.title("plans")
st.info("W przygotowaniu.")
